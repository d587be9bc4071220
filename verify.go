package clerk

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Verifier defaults.
const (
	// DefaultLeeway is the clock skew allowed on `exp`, `nbf` and `iat`: 5
	// seconds, as in @clerk/backend.
	DefaultLeeway = 5 * time.Second
	// DefaultTokenCacheSize is how many verified tokens a Verifier remembers.
	DefaultTokenCacheSize = 1024
)

// Verifier verifies Clerk session tokens. Build it once with NewVerifier
// and share it: it is safe for concurrent use, holds its own key set and
// verified-token cache, and never touches global state.
type Verifier struct {
	static  *rsa.PublicKey // networkless PEM key
	keys    *keySet        // JWKS
	parties []string
	issuers []string
	// proxyURL is WithProxyURL's Frontend API URL, or "": absolute, or a
	// path such as "/__clerk" resolved against each request's origin.
	proxyURL string
	// domain, satellite and signInURL are WithDomain's, WithSatellite's
	// and WithSignInURL's.
	domain    string
	satellite bool
	signInURL string
	logger    *slog.Logger // WithAuthLogger's; nil: silent
	leeway    time.Duration
	now       func() time.Time
	cache     *tokenCache

	pk           *publishableKey
	cookieSuffix string
	allowPending bool
	onFailure    func(http.ResponseWriter, *http.Request, RequestState)

	accepted     []TokenType
	client       *Client // for opaque machine tokens
	audience     []string
	machineCache *machineCache
	machineTTL   time.Duration
	flights      opaqueFlights // one BAPI call per opaque token at a time
}

// VerifierOption configures NewVerifier.
type VerifierOption func(*verifierConfig) error

type verifierConfig struct {
	sources    int
	static     *rsa.PublicKey
	fetch      func(context.Context) ([]byte, error)
	parties    []string
	issuers    []string
	leeway     time.Duration
	now        func() time.Time
	cacheSize  int
	refreshGap time.Duration
	jwksTTL    time.Duration
	pk         *publishableKey
	proxyURL   string
	domain     string
	satellite  bool
	signInURL  string
	logger     *slog.Logger
	pending    bool
	onFailure  func(http.ResponseWriter, *http.Request, RequestState)

	accepted         []TokenType
	client           *Client
	audience         []string
	machineCacheSize int
	machineTTL       time.Duration
}

// WithJWKSFromClient takes the signing keys from GET /v1/jwks of the
// client's instance, through c's transport (secret-key auth, retries and error
// mapping included). Keys are cached per Verifier.
func WithJWKSFromClient(c *Client) VerifierOption {
	return func(cfg *verifierConfig) error {
		if c == nil {
			return fmt.Errorf("%w: WithJWKSFromClient: nil client", ErrInvalidConfig)
		}
		cfg.sources++
		cfg.fetch = jwksFromClient(c)
		if cfg.client == nil {
			cfg.client = c
		}
		return nil
	}
}

// WithJWTKey verifies with one RSA public key in PEM, the value Clerk shows
// as the "JWT public key" (CLERK_JWT_KEY). Verification then needs no
// network. The PEM may use literal `\n` escapes, sit on one line, or be the
// bare base64 body. A key that does not parse, is not RSA or is smaller than
// 2048 bits fails NewVerifier with ErrInvalidKey.
func WithJWTKey(pemKey string) VerifierOption {
	return func(cfg *verifierConfig) error {
		k, err := parsePEMKey(pemKey)
		if err != nil {
			return err
		}
		cfg.sources++
		cfg.static = k
		return nil
	}
}

// WithJWKSURL takes the signing keys from a JWKS URL (for example the
// instance's Frontend API `/.well-known/jwks.json`) fetched with hc. A nil
// hc uses a private client with a 10-second timeout. The fetch follows no
// redirect (whatever hc's CheckRedirect says) and reads at most 256 KiB.
func WithJWKSURL(jwksURL string, hc *http.Client) VerifierOption {
	return func(cfg *verifierConfig) error {
		if !strings.HasPrefix(jwksURL, "https://") && !strings.HasPrefix(jwksURL, "http://") {
			return fmt.Errorf("%w: WithJWKSURL: URL must be http(s)", ErrInvalidConfig)
		}
		if hc == nil {
			hc = &http.Client{Timeout: jwksFetchTimeout}
		}
		cfg.sources++
		cfg.fetch = jwksFromURL(jwksURL, hc)
		return nil
	}
}

// WithAuthorizedParties accepts only tokens whose `azp` claim is one of
// origins (such as "https://example.com"). A token without `azp`, or with
// an empty one, is then rejected with ErrInvalidAuthorizedParty. Clerk
// recommends setting this to protect against CSRF and subdomain cookie
// leaks.
func WithAuthorizedParties(origins ...string) VerifierOption {
	return func(cfg *verifierConfig) error {
		for _, o := range origins {
			if o == "" {
				return fmt.Errorf("%w: empty authorized party", ErrInvalidConfig)
			}
		}
		cfg.parties = append(cfg.parties, origins...)
		return nil
	}
}

// WithIssuer accepts only tokens whose `iss` claim equals one of issuers
// exactly, in place of the issuer that [WithPublishableKey] pins: for
// satellite domains, or several instances. IssuerFromPublishableKey gives the
// usual value.
func WithIssuer(issuers ...string) VerifierOption {
	return func(cfg *verifierConfig) error {
		for _, i := range issuers {
			if i == "" {
				return fmt.Errorf("%w: empty issuer", ErrInvalidConfig)
			}
		}
		cfg.issuers = append(cfg.issuers, issuers...)
		return nil
	}
}

// WithPublishableKey tells the verifier the instance's publishable key
// (CLERK_PUBLISHABLE_KEY). It pins the issuer: only tokens whose `iss` is
// the instance's Frontend API URL, "https://" and the host the key encodes
// (see [IssuerFromPublishableKey]), verify, so a token signed for another
// instance is refused even where the keys overlap. [WithProxyURL] moves that
// issuer to the proxy, and [WithIssuer] replaces it (satellite domains). It
// also lets AuthenticateRequest find suffixed cookies (`__session_<suffix>`)
// and build the handshake URL.
func WithPublishableKey(pk string) VerifierOption {
	return func(cfg *verifierConfig) error {
		p, err := parsePublishableKey(pk)
		if err != nil {
			return errors.Join(ErrInvalidConfig, err)
		}
		cfg.pk = p
		return nil
	}
}

// WithProxyURL tells the verifier that the instance's Frontend API is served
// through a proxy at proxyURL (CLERK_PROXY_URL): an absolute https URL such
// as "https://example.com/__clerk", or a path such as "/__clerk" that is
// resolved against each request's origin. Clerk then issues session tokens
// with that URL as their `iss`, so an absolute proxy URL becomes the pinned
// issuer (unless [WithIssuer] sets others; with a path, no issuer is pinned
// unless WithIssuer sets one), and handshakes go through it. It needs
// [WithPublishableKey].
func WithProxyURL(proxyURL string) VerifierOption {
	return func(cfg *verifierConfig) error {
		u, err := url.Parse(proxyURL)
		bad := err != nil || u.RawQuery != "" || u.Fragment != "" || u.User != nil
		if !bad && strings.HasPrefix(proxyURL, "/") && !strings.HasPrefix(proxyURL, "//") {
			cfg.proxyURL = strings.TrimSuffix(u.Path, "/")
			return nil
		}
		if bad || u.Scheme != "https" || u.Host == "" {
			return fmt.Errorf("%w: WithProxyURL: want an absolute https URL without query, such as https://example.com/__clerk, or a path such as /__clerk", ErrInvalidConfig)
		}
		cfg.proxyURL = strings.TrimSuffix(u.String(), "/")
		return nil
	}
}

// WithLeeway sets the clock skew allowed on `exp`, `nbf` and `iat`
// (default DefaultLeeway). Zero is honoured.
func WithLeeway(d time.Duration) VerifierOption {
	return func(cfg *verifierConfig) error {
		if d < 0 || d > 10*time.Minute {
			return fmt.Errorf("%w: leeway must be between 0 and 10m", ErrInvalidConfig)
		}
		cfg.leeway = d
		return nil
	}
}

// WithClock sets the time source (default time.Now), for tests.
func WithClock(now func() time.Time) VerifierOption {
	return func(cfg *verifierConfig) error {
		if now == nil {
			return fmt.Errorf("%w: nil clock", ErrInvalidConfig)
		}
		cfg.now = now
		return nil
	}
}

// WithTokenCacheSize sets how many verified tokens are remembered (default
// DefaultTokenCacheSize); 0 turns the cache off. A browser sends the same
// 60-second token many times; a cache hit skips the RSA work but still
// checks the token's times.
func WithTokenCacheSize(n int) VerifierOption {
	return func(cfg *verifierConfig) error {
		if n < 0 || n > 1<<20 {
			return fmt.Errorf("%w: token cache size out of range", ErrInvalidConfig)
		}
		cfg.cacheSize = n
		return nil
	}
}

// WithJWKSRefresh sets how long fetched keys are used before they are
// fetched again (ttl, default 5 minutes, counted from the fetch and never
// extended by use) and the minimum time between two fetches (gap, default
// 30 seconds; at most a second until a first fetch has succeeded), which
// bounds the fetches a flood of unknown `kid`s can cause. A key past its
// ttl keeps verifying while the refetch runs in the background, and after
// a failed refetch, until a good fetch replaces it.
func WithJWKSRefresh(ttl, gap time.Duration) VerifierOption {
	return func(cfg *verifierConfig) error {
		if ttl <= 0 || gap < 0 || gap > ttl {
			return fmt.Errorf("%w: need ttl > 0 and 0 <= gap <= ttl", ErrInvalidConfig)
		}
		cfg.jwksTTL, cfg.refreshGap = ttl, gap
		return nil
	}
}

// WithPendingSessions makes Middleware and RequireSession treat sessions
// with `sts: pending` as signed in. By default they are signed out, as in
// Clerk's toAuth().
func WithPendingSessions() VerifierOption {
	return func(cfg *verifierConfig) error {
		cfg.pending = true
		return nil
	}
}

// WithAuthLogger makes RequireSession and RequireAuth log every request they
// refuse to l at Info, and Middleware every request that is not signed in
// at Debug: method, path (no query), status, Clerk's reason code (such as
// "session-token-and-uat-missing", "token-expired" or
// "token-invalid-issuer"; "session-pending" for a pending session), token
// type and source, and the verification error. It never logs a token or a
// cookie. l must not be nil; without this option the verifier is silent.
func WithAuthLogger(l *slog.Logger) VerifierOption {
	return func(cfg *verifierConfig) error {
		if l == nil {
			return fmt.Errorf("%w: WithAuthLogger: nil logger", ErrInvalidConfig)
		}
		cfg.logger = l
		return nil
	}
}

// WithFailureHandler replaces RequireSession's answer to a request that is
// not signed in (by default 401 with `WWW-Authenticate: Bearer`).
func WithFailureHandler(h func(w http.ResponseWriter, r *http.Request, state RequestState)) VerifierOption {
	return func(cfg *verifierConfig) error {
		if h == nil {
			return fmt.Errorf("%w: nil failure handler", ErrInvalidConfig)
		}
		cfg.onFailure = h
		return nil
	}
}

// NewVerifier builds a Verifier. Exactly one key source is required:
// WithJWKSFromClient, WithJWTKey or WithJWKSURL; with WithClient alone the
// keys come from that client's JWKS. Accepting opaque machine tokens
// (WithAcceptedTokens) requires WithClient or WithJWKSFromClient.
func NewVerifier(opts ...VerifierOption) (*Verifier, error) {
	cfg := verifierConfig{
		leeway:     DefaultLeeway,
		now:        time.Now,
		cacheSize:  DefaultTokenCacheSize,
		refreshGap: defaultRefreshGap,
		jwksTTL:    defaultJWKSTTL,

		accepted:         []TokenType{TokenTypeSessionToken},
		machineCacheSize: DefaultMachineCacheSize,
		machineTTL:       DefaultMachineCacheTTL,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.sources == 0 && cfg.client != nil {
		cfg.sources++
		cfg.fetch = jwksFromClient(cfg.client)
	}
	if cfg.client == nil && (slices.Contains(cfg.accepted, TokenTypeAPIKey) ||
		slices.Contains(cfg.accepted, TokenTypeM2MToken) || slices.Contains(cfg.accepted, TokenTypeOAuthToken)) {
		return nil, fmt.Errorf("%w: machine tokens are verified by the Backend API: add WithClient or WithJWKSFromClient", ErrInvalidConfig)
	}
	switch {
	case cfg.sources == 0:
		return nil, fmt.Errorf("%w: no key source (WithJWKSFromClient, WithJWTKey or WithJWKSURL)", ErrInvalidConfig)
	case cfg.sources > 1:
		return nil, fmt.Errorf("%w: more than one key source", ErrInvalidConfig)
	}
	if cfg.proxyURL != "" && cfg.pk == nil {
		return nil, fmt.Errorf("%w: WithProxyURL needs WithPublishableKey", ErrInvalidConfig)
	}
	if err := checkSatellite(&cfg); err != nil {
		return nil, err
	}
	issuers := slices.Clone(cfg.issuers)
	if len(issuers) == 0 && cfg.pk != nil && !strings.HasPrefix(cfg.proxyURL, "/") {
		issuers = []string{cfg.pk.issuer(cfg.proxyURL, cfg.satelliteDomain())}
	}
	v := &Verifier{
		static:       cfg.static,
		parties:      slices.Clone(cfg.parties),
		issuers:      issuers,
		proxyURL:     cfg.proxyURL,
		domain:       cfg.domain,
		satellite:    cfg.satellite,
		signInURL:    cfg.signInURL,
		logger:       cfg.logger,
		leeway:       cfg.leeway,
		now:          cfg.now,
		pk:           cfg.pk,
		allowPending: cfg.pending,
		onFailure:    cfg.onFailure,
		accepted:     slices.Clone(cfg.accepted),
		client:       cfg.client,
		audience:     slices.Clone(cfg.audience),
		machineTTL:   cfg.machineTTL,
	}
	if cfg.machineCacheSize > 0 {
		v.machineCache = newMachineCache(cfg.machineCacheSize)
	}
	if cfg.fetch != nil {
		v.keys = &keySet{fetch: cfg.fetch, now: cfg.now, ttl: cfg.jwksTTL, gap: cfg.refreshGap, timeout: jwksFetchTimeout}
	}
	if cfg.cacheSize > 0 {
		v.cache = newTokenCache(cfg.cacheSize)
	}
	if v.pk != nil {
		v.cookieSuffix = v.pk.cookieSuffix()
	}
	if v.onFailure == nil {
		v.onFailure = unauthorized
	}
	return v, nil
}

// Verify checks a session token and returns its claims. In order:
//
//   - shape, before any decoding: at most 16 KiB, exactly two dots,
//     unpadded base64url, header and payload JSON objects;
//   - header: `cat` must not be a machine or JWT-template category, no
//     `crit`, `typ` absent or "JWT", `alg` exactly RS256 (never HS* or none;
//     the key is RSA); `jku` and `x5u` are ignored;
//   - the key for `kid` (refreshing the JWKS when it is unknown), then the
//     signature, before any claim is looked at;
//   - `sub`, `azp` (when authorized parties are set: present and listed),
//     `iss` (when issuers are set), `exp` (required), `nbf` and `iat`, with
//     the leeway and Clerk's boundaries: expired when exp ≤ now−leeway, not
//     active when nbf > now+leeway, issued in the future when iat >
//     now+leeway, all in milliseconds.
//
// Errors are *TokenError values that match a sentinel (ErrTokenExpired, …)
// with errors.Is and carry Clerk's reason code; an opaque machine token
// ("ak_…", "mt_…", "oat_…") fails with ErrTokenTypeMismatch (see
// VerifyMachineToken). A token verified before is
// answered from the cache with its times checked again.
func (v *Verifier) Verify(ctx context.Context, token string) (*SessionClaims, error) {
	if isOpaqueMachineToken(token) {
		return nil, tokenErr(ErrTokenTypeMismatch, reasonTokenTypeMismatch, "opaque machine token")
	}
	now := v.now()
	cacheable := v.cache != nil && len(token) <= maxCachedTokenLen
	if cacheable {
		if c, ok := v.cache.get(token); ok {
			if err := v.checkTimes(c, now); err != nil {
				return nil, err
			}
			return c, nil
		}
	}
	c, err := v.verify(ctx, token, now)
	if err != nil {
		return nil, err
	}
	if cacheable {
		v.cache.put(token, c)
	}
	return c, nil
}

func (v *Verifier) verify(ctx context.Context, token string, now time.Time) (*SessionClaims, error) {
	return v.verifyLeeway(ctx, token, now, v.leeway)
}

// verifyLeeway is verify with another leeway (for the development
// handshake's clock-skew retry).
func (v *Verifier) verifyLeeway(ctx context.Context, token string, now time.Time, leeway time.Duration) (*SessionClaims, error) {
	var pt parsedToken
	if err := pt.parse(token); err != nil {
		return nil, err
	}
	return v.verifyParsed(ctx, &pt, now, leeway)
}

// parsedToken is a token split and decoded once: header, claims (when the
// payload decodes) and signature, for the checks of verifyParsed and the
// type checks of AuthenticateRequest.
type parsedToken struct {
	t       compactJWS
	sig     sigBuffer
	claims  SessionClaims
	p       claimProblems
	decoded bool // the payload is a JSON object
}

// parse splits and decodes token into pt.
func (pt *parsedToken) parse(token string) error {
	t, err := parseCompact(token, &pt.sig)
	if err != nil {
		return err
	}
	pt.t = t
	pt.decoded = decodeClaims(t.payload, &pt.claims, &pt.p)
	return nil
}

// verifyParsed is verify's checks, in @clerk/backend's order, on a token
// parsed once. The claims returned are a copy that the cache may keep.
func (v *Verifier) verifyParsed(ctx context.Context, pt *parsedToken, now time.Time, leeway time.Duration) (*SessionClaims, error) {
	t := &pt.t
	var err error
	h := &t.header
	if h.cat == catMachine { // first, as in Clerk's verifyToken
		return nil, tokenErr(ErrTokenTypeMismatch, reasonTokenInvalid, "machine token category")
	}
	if h.hasCrit {
		return nil, tokenErr(ErrMalformedToken, reasonTokenInvalid, "unsupported crit header")
	}
	if h.hasTyp && h.typ != "JWT" {
		return nil, tokenErr(ErrTokenTypeMismatch, reasonTokenInvalid, "typ header is not JWT")
	}
	if h.alg != "RS256" {
		return nil, tokenErr(ErrUnsupportedAlgorithm, reasonTokenInvalidAlgorithm, "only RS256 is accepted")
	}
	if !pt.decoded {
		return nil, tokenErr(ErrMalformedToken, reasonTokenInvalid, "payload is not a valid JSON object")
	}
	c, p, sigBuf := &pt.claims, &pt.p, &pt.sig
	key := v.static
	if key == nil {
		if h.kid == "" {
			return nil, tokenErr(ErrUnknownKey, reasonJWKKidMismatch, "token has no kid")
		}
		if key, err = v.keys.lookup(ctx, h.kid); err != nil {
			return nil, err
		}
	}
	if !verifyRS256(key, t.signingInput, sigBuf[:t.sigLen]) {
		return nil, tokenErr(ErrInvalidSignature, reasonTokenInvalidSignature, "")
	}
	// Claims, in @clerk/backend's order.
	if !p.hasSub || p.sub || c.UserID == "" {
		return nil, tokenErr(ErrInvalidClaims, reasonTokenVerificationFailed, "sub is required and must be a string")
	}
	if len(v.parties) > 0 && (p.azp || c.AuthorizedParty == "" || !slices.Contains(v.parties, c.AuthorizedParty)) {
		return nil, tokenErr(ErrInvalidAuthorizedParty, reasonTokenInvalidAuthParties, "")
	}
	if len(v.issuers) > 0 && (p.iss || !slices.Contains(v.issuers, c.Issuer)) {
		return nil, tokenErr(ErrInvalidIssuer, reasonTokenInvalidIssuer, "")
	}
	if err := checkTimesLeeway(c, p, now, leeway); err != nil {
		return nil, err
	}
	if p.azp || p.iss || p.other {
		return nil, tokenErr(ErrInvalidClaims, reasonTokenVerificationFailed, "a claim has the wrong JSON type")
	}
	// Last, so that a machine or template token which fails a check above
	// gets the same reason as from Clerk's verifyToken, which accepts a
	// valid one.
	if strings.HasPrefix(c.UserID, "mch_") {
		return nil, tokenErr(ErrTokenTypeMismatch, reasonTokenTypeMismatch, "machine subject")
	}
	if h.cat == catTemplate {
		return nil, tokenErr(ErrTokenTypeMismatch, reasonTokenTypeMismatch, "JWT template category")
	}
	out := new(SessionClaims)
	*out = *c
	return out, nil
}

// isOpaqueMachineToken reports an API key, M2M or OAuth token prefix.
func isOpaqueMachineToken(tok string) bool {
	return strings.HasPrefix(tok, "ak_") || strings.HasPrefix(tok, "mt_") || strings.HasPrefix(tok, "oat_")
}

// checkTimes applies Clerk's time rules in milliseconds (as Date.now()).
func (v *Verifier) checkTimes(c *SessionClaims, now time.Time) error {
	return v.checkTimesTyped(c, &claimProblems{hasExp: true}, now)
}

// checkTimesTyped checks exp, nbf and iat in Clerk's order, each one's JSON
// type before its value: expired ⇔ exp ≤ now−leeway, not active ⇔ nbf >
// now+leeway, issued in the future ⇔ iat > now+leeway, with each claim's
// whole seconds (wholeMS) against now to the millisecond.
func (v *Verifier) checkTimesTyped(c *SessionClaims, p *claimProblems, now time.Time) error {
	return checkTimesLeeway(c, p, now, v.leeway)
}

// checkTimesLeeway is checkTimesTyped with the leeway given.
func checkTimesLeeway(c *SessionClaims, p *claimProblems, now time.Time, leeway time.Duration) error {
	nowMS := float64(now.UnixMilli())
	skew := float64(leeway.Milliseconds())
	if !p.hasExp || p.exp {
		return tokenErr(ErrInvalidClaims, reasonTokenVerificationFailed, "exp is required and must be a number")
	}
	if wholeMS(c.expS) <= nowMS-skew {
		return tokenErr(ErrTokenExpired, reasonTokenExpired, "")
	}
	if p.nbf {
		return tokenErr(ErrInvalidClaims, reasonTokenVerificationFailed, "nbf must be a number")
	}
	if c.nbfSet && wholeMS(c.nbfS) > nowMS+skew {
		return tokenErr(ErrTokenNotActiveYet, reasonTokenNotActiveYet, "")
	}
	if p.iat {
		return tokenErr(ErrInvalidClaims, reasonTokenVerificationFailed, "iat must be a number")
	}
	if c.iatSet && wholeMS(c.iatS) > nowMS+skew {
		return tokenErr(ErrTokenIssuedInFuture, reasonTokenIATInTheFuture, "")
	}
	return nil
}
