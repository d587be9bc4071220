package clerk

import "net/http"

// fromHeader is the header path. It decodes the token once: a token in the
// verified-token cache is answered from it (a cached token is a verified
// session token, so never a machine or template one), and any other is
// parsed once for its type checks and its verification.
func (v *Verifier) fromHeader(r *http.Request, tok string, sessionOnly bool) RequestState {
	mismatch := func(t TokenType) RequestState {
		return RequestState{Status: AuthSignedOut, Reason: reasonTokenTypeMismatch, TokenSource: TokenFromHeader,
			TokenType: t, Err: tokenErr(ErrTokenTypeMismatch, reasonTokenTypeMismatch, "")}
	}
	if isOpaqueMachineToken(tok) {
		t := classifyToken(tok)
		if sessionOnly {
			return mismatch(t)
		}
		return v.authenticateMachine(r, tok, t)
	}
	sessionAccepted := sessionOnly || v.accepts(TokenTypeSessionToken)
	now := v.now()
	cacheable := v.cache != nil && len(tok) <= maxCachedTokenLen
	if cacheable {
		if c, ok := v.cache.get(tok); ok {
			if !sessionAccepted {
				return mismatch(TokenTypeSessionToken)
			}
			if err := v.checkTimes(c, now); err != nil {
				return v.headerFailure(r, tok, err)
			}
			return RequestState{Status: AuthSignedIn, Claims: c, TokenSource: TokenFromHeader, TokenType: TokenTypeSessionToken}
		}
	}
	var pt parsedToken
	err := pt.parse(tok)
	t := TokenTypeSessionToken
	if err == nil && pt.decoded {
		t = classifyJWT(pt.t.header, &pt.claims)
	}
	switch {
	case t == TokenTypeSessionToken && err == nil && pt.decoded && notSessionJWT(pt.t.header, &pt.claims):
		return mismatch(t) // JWT template or another category
	case t != TokenTypeSessionToken && sessionOnly:
		return mismatch(t)
	case t != TokenTypeSessionToken:
		return v.authenticateMachine(r, tok, t)
	case !sessionAccepted:
		return mismatch(t)
	}
	if err != nil {
		return v.headerFailure(r, tok, err)
	}
	c, err := v.verifyParsed(r.Context(), &pt, now, v.leeway)
	if err != nil {
		return v.headerFailure(r, tok, err)
	}
	if cacheable {
		v.cache.put(tok, c)
	}
	return RequestState{Status: AuthSignedIn, Claims: c, TokenSource: TokenFromHeader, TokenType: TokenTypeSessionToken}
}

// headerFailure is the state of a header token that failed verification.
func (v *Verifier) headerFailure(r *http.Request, tok string, err error) RequestState {
	st := v.tokenFailure(v.newAuthCtx(r, tok), err, TokenFromHeader)
	st.TokenType = TokenTypeSessionToken
	return st
}
