package clerk

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestVerifyChecks(t *testing.T) {
	t.Parallel()
	a, b := testKeyA(), testKeyB()
	ms := time.Millisecond
	tests := []struct {
		name    string
		token   func(t *testing.T) string
		opts    []VerifierOption
		now     time.Time
		wantErr error
		reason  string
	}{
		{name: "valid", token: func(t *testing.T) string { return mint(t, a, baseHeader(), baseClaims()) }},
		{name: "typ absent", token: func(t *testing.T) string { return mint(t, a, with(baseHeader(), "typ", nil), baseClaims()) }},
		{name: "no kid with PEM key", token: func(t *testing.T) string { return mint(t, a, with(baseHeader(), "kid", nil), baseClaims()) }},
		{name: "jku and x5u ignored", token: func(t *testing.T) string {
			return mint(t, a, with(baseHeader(), "jku", "https://evil.example/jwks", "x5u", "https://evil.example/x"), baseClaims())
		}},
		{name: "session and ignore categories", token: func(t *testing.T) string { return mint(t, a, with(baseHeader(), "cat", catSession), baseClaims()) }},
		{name: "exp just inside leeway", now: time.Unix(1700000064, 999e6), token: func(t *testing.T) string { return mint(t, a, baseHeader(), baseClaims()) }},
		{name: "exp at now-leeway exactly", now: time.Unix(1700000065, 0), token: func(t *testing.T) string { return mint(t, a, baseHeader(), baseClaims()) },
			wantErr: ErrTokenExpired, reason: "token-expired"},
		{name: "exp fraction is dropped", now: time.Unix(1700000065, 0), token: func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "exp", 1700000060.9)) },
			wantErr: ErrTokenExpired, reason: "token-expired"},
		{name: "nbf fraction is dropped", now: time.Unix(1699999985, 0), token: func(t *testing.T) string {
			return mint(t, a, baseHeader(), with(baseClaims(), "nbf", 1699999990.9, "iat", nil))
		}},
		{name: "iat fraction is dropped", now: time.Unix(1699999995, 0), token: func(t *testing.T) string {
			return mint(t, a, baseHeader(), with(baseClaims(), "iat", 1700000000.9, "nbf", nil))
		}},
		{name: "exp with zero leeway", now: time.Unix(1700000060, 0), opts: []VerifierOption{WithLeeway(0)},
			token: func(t *testing.T) string { return mint(t, a, baseHeader(), baseClaims()) }, wantErr: ErrTokenExpired, reason: "token-expired"},
		{name: "exp bigger leeway", now: time.Unix(1700000070, 0), opts: []VerifierOption{WithLeeway(time.Minute)},
			token: func(t *testing.T) string { return mint(t, a, baseHeader(), baseClaims()) }},
		{name: "iat in future beyond leeway", now: time.Unix(1699999994, 999e6), token: func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "nbf", nil)) },
			wantErr: ErrTokenIssuedInFuture, reason: "token-iat-in-the-future"},
		{name: "iat at now+leeway exactly", now: time.Unix(1699999995, 0), token: func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "nbf", nil)) }},
		{name: "nbf checked before iat", now: time.Unix(1699999984, 999e6), token: func(t *testing.T) string { return mint(t, a, baseHeader(), baseClaims()) },
			wantErr: ErrTokenNotActiveYet, reason: "token-not-active-yet"},
		{name: "nbf at now+leeway exactly", now: time.Unix(1699999985, 0).Add(0 * ms), token: func(t *testing.T) string {
			return mint(t, a, baseHeader(), with(baseClaims(), "iat", nil))
		}},
		{name: "missing exp", token: func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "exp", nil)) },
			wantErr: ErrInvalidClaims, reason: "token-verification-failed"},
		{name: "exp not a number", token: func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "exp", "1700000060")) },
			wantErr: ErrInvalidClaims, reason: "token-verification-failed"},
		{name: "nbf null", token: func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "nbf", []any{})) },
			wantErr: ErrInvalidClaims, reason: "token-verification-failed"},
		{name: "missing sub", token: func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "sub", nil)) },
			wantErr: ErrInvalidClaims, reason: "token-verification-failed"},
		{name: "empty sub", token: func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "sub", "")) },
			wantErr: ErrInvalidClaims, reason: "token-verification-failed"},
		{name: "machine subject", token: func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "sub", "mch_123")) },
			wantErr: ErrTokenTypeMismatch, reason: "token-type-mismatch"},
		{name: "azp listed", opts: []VerifierOption{WithAuthorizedParties("https://example.com", testAzp)},
			token: func(t *testing.T) string { return mint(t, a, baseHeader(), baseClaims()) }},
		{name: "azp mismatch", opts: []VerifierOption{WithAuthorizedParties("https://example.com")},
			token:   func(t *testing.T) string { return mint(t, a, baseHeader(), baseClaims()) },
			wantErr: ErrInvalidAuthorizedParty, reason: "token-invalid-authorized-parties"},
		{name: "azp missing with parties", opts: []VerifierOption{WithAuthorizedParties(testAzp)},
			token:   func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "azp", nil)) },
			wantErr: ErrInvalidAuthorizedParty, reason: "token-invalid-authorized-parties"},
		{name: "azp empty with parties", opts: []VerifierOption{WithAuthorizedParties(testAzp)},
			token:   func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "azp", "")) },
			wantErr: ErrInvalidAuthorizedParty, reason: "token-invalid-authorized-parties"},
		{name: "azp missing without parties", token: func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "azp", nil)) }},
		{name: "issuer ok", opts: []VerifierOption{WithIssuer(testIssuer)}, token: func(t *testing.T) string { return mint(t, a, baseHeader(), baseClaims()) }},
		{name: "issuer mismatch", opts: []VerifierOption{WithIssuer("https://other.clerk.accounts.dev")},
			token:   func(t *testing.T) string { return mint(t, a, baseHeader(), baseClaims()) },
			wantErr: ErrInvalidIssuer, reason: "token-invalid-issuer"},
		{name: "issuer prefix is not enough", opts: []VerifierOption{WithIssuer(testIssuer)},
			token: func(t *testing.T) string {
				return mint(t, a, baseHeader(), with(baseClaims(), "iss", testIssuer+".evil.example"))
			},
			wantErr: ErrInvalidIssuer, reason: "token-invalid-issuer"},
		{name: "azp checked before exp", now: time.Unix(1700000100, 0), opts: []VerifierOption{WithAuthorizedParties("https://example.com")},
			token:   func(t *testing.T) string { return mint(t, a, baseHeader(), baseClaims()) },
			wantErr: ErrInvalidAuthorizedParty, reason: "token-invalid-authorized-parties"},
		{name: "signature before claims", now: time.Unix(1700000100, 0),
			token:   func(t *testing.T) string { return mint(t, b, baseHeader(), baseClaims()) },
			wantErr: ErrInvalidSignature, reason: "token-invalid-signature"},
		{name: "signed by another key", token: func(t *testing.T) string { return mint(t, b, baseHeader(), baseClaims()) },
			wantErr: ErrInvalidSignature, reason: "token-invalid-signature"},
		{name: "tampered payload", token: func(t *testing.T) string {
			tok := mint(t, a, baseHeader(), baseClaims())
			parts := strings.Split(tok, ".")
			evil := mint(t, a, baseHeader(), with(baseClaims(), "sub", "user_admin"))
			return parts[0] + "." + strings.Split(evil, ".")[1] + "." + parts[2]
		}, wantErr: ErrInvalidSignature, reason: "token-invalid-signature"},
		{name: "bad signature bytes", token: func(t *testing.T) string {
			tok := mint(t, a, baseHeader(), baseClaims())
			return tok[:len(tok)-4] + "AAAA"
		},
			wantErr: ErrInvalidSignature, reason: "token-invalid-signature"},
		{name: "alg HS256", token: func(t *testing.T) string { return mint(t, a, with(baseHeader(), "alg", "HS256"), baseClaims()) },
			wantErr: ErrUnsupportedAlgorithm, reason: "token-invalid-algorithm"},
		{name: "alg none", token: func(t *testing.T) string {
			tok := mint(t, a, with(baseHeader(), "alg", "none"), baseClaims())
			return tok[:strings.LastIndexByte(tok, '.')+1] + "AA"
		}, wantErr: ErrUnsupportedAlgorithm, reason: "token-invalid-algorithm"},
		{name: "alg RS384", token: func(t *testing.T) string { return mint(t, a, with(baseHeader(), "alg", "RS384"), baseClaims()) },
			wantErr: ErrUnsupportedAlgorithm, reason: "token-invalid-algorithm"},
		{name: "alg missing", token: func(t *testing.T) string { return mint(t, a, with(baseHeader(), "alg", nil), baseClaims()) },
			wantErr: ErrUnsupportedAlgorithm, reason: "token-invalid-algorithm"},
		{name: "typ at+jwt", token: func(t *testing.T) string { return mint(t, a, with(baseHeader(), "typ", "at+jwt"), baseClaims()) },
			wantErr: ErrTokenTypeMismatch, reason: "token-invalid"},
		{name: "typ lower case", token: func(t *testing.T) string { return mint(t, a, with(baseHeader(), "typ", "jwt"), baseClaims()) },
			wantErr: ErrTokenTypeMismatch, reason: "token-invalid"},
		{name: "machine category", token: func(t *testing.T) string { return mint(t, a, with(baseHeader(), "cat", catMachine), baseClaims()) },
			wantErr: ErrTokenTypeMismatch, reason: "token-invalid"},
		{name: "template category", token: func(t *testing.T) string { return mint(t, a, with(baseHeader(), "cat", catTemplate), baseClaims()) },
			wantErr: ErrTokenTypeMismatch, reason: "token-type-mismatch"},
		{name: "crit", token: func(t *testing.T) string {
			return mint(t, a, with(baseHeader(), "crit", []string{"exp"}), baseClaims())
		},
			wantErr: ErrMalformedToken, reason: "token-invalid"},
		{name: "malformed", token: func(*testing.T) string { return "not.a.jwt.at.all" }, wantErr: ErrMalformedToken, reason: "token-invalid"},
		{name: "padded base64", token: func(t *testing.T) string {
			return mintRaw(t, a, `{"alg":"RS256"}`, `{"sub":"user_1","exp":1700000060,"x":"ab"}`) + "=="
		}, wantErr: ErrMalformedToken, reason: "token-invalid"},
		{name: "payload is an array", token: func(t *testing.T) string { return mintRaw(t, a, `{"alg":"RS256"}`, `["sub"]`) },
			wantErr: ErrMalformedToken, reason: "token-invalid"},
		{name: "payload trailing data", token: func(t *testing.T) string {
			return mintRaw(t, a, `{"alg":"RS256"}`, `{"sub":"user_1","exp":1700000060} {}`)
		}, wantErr: ErrMalformedToken, reason: "token-invalid"},
		{name: "escaped strings decode", token: func(t *testing.T) string {
			return mintRaw(t, a, `{"alg":"RS\u0032\u0035\u0036"}`, `{"sub":"user\u005f1","exp":1700000060}`)
		}},
		{name: "duplicate sub: a string last wins", token: func(t *testing.T) string {
			return mintRaw(t, a, `{"alg":"RS256"}`, `{"sub":1,"exp":1700000060,"sub":"user_1"}`)
		}},
		{name: "duplicate sub: a number last wins", token: func(t *testing.T) string {
			return mintRaw(t, a, `{"alg":"RS256"}`, `{"sub":"user_1","exp":1700000060,"sub":1}`)
		}, wantErr: ErrInvalidClaims, reason: "token-verification-failed"},
		{name: "bad typed org claim fails after times", token: func(t *testing.T) string { return mint(t, a, baseHeader(), with(baseClaims(), "o", "org_1")) },
			wantErr: ErrInvalidClaims, reason: "token-verification-failed"},
		{name: "too long", token: func(*testing.T) string { return strings.Repeat("a", maxTokenLen) + ".b.c" }, wantErr: ErrMalformedToken, reason: "token-invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := testNow
			if !tt.now.IsZero() {
				now = tt.now
			}
			v := newPEMVerifier(t, append(tt.opts, WithClock(fixedClock(now)))...)
			tok := tt.token(t)
			claims, err := v.Verify(context.Background(), tok)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if claims.UserID == "" {
					t.Fatal("no user ID")
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Verify error = %v, want %v", err, tt.wantErr)
			}
			if claims != nil {
				t.Error("claims returned with an error")
			}
			if diff := cmp.Diff(tt.reason, ReasonOf(err)); diff != "" {
				t.Errorf("reason (-want +got):\n%s", diff)
			}
			msg := err.Error()
			for _, secret := range []string{tok, testKid, "user_2Rf", testAzp} {
				if len(tok) > 8 && strings.Contains(msg, secret) {
					t.Errorf("error %q leaks %q", msg, secret)
				}
			}
		})
	}
}

func TestVerifyClaimsDecoded(t *testing.T) {
	t.Parallel()
	v := newPEMVerifier(t)
	tok := mint(t, testKeyA(), baseHeader(), with(baseClaims(), "act", map[string]any{"sub": "user_admin", "iss": "https://dashboard.clerk.com", "sid": "sess_456"}, "custom", map[string]any{"tier": "gold"}))
	got, err := v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	want := &SessionClaims{
		UserID: "user_2RfWKJREkjKbHZy0Wqa5qrHeAnb", SessionID: "sess_2Ro7e2IxrffdqBboq8KfB6eGbIy",
		Issuer: testIssuer, AuthorizedParty: testAzp, TokenID: "d8b2e8a1c0f4a9b7e6d5", Version: 2, Status: SessionActive,
		IssuedAt: time.Unix(1700000000, 0).UTC(), NotBefore: time.Unix(1699999990, 0).UTC(), Expiry: time.Unix(1700000060, 0).UTC(),
		Actor:                 &Actor{Subject: "user_admin", Issuer: "https://dashboard.clerk.com", SessionID: "sess_456"},
		FactorVerificationAge: FactorVerificationAge{FirstFactorMinutes: 0, SecondFactorMinutes: -1, Valid: true},
		Org:                   OrgClaims{ID: "org_123", Slug: "acme", Role: "org:admin"},
	}
	if diff := cmp.Diff(want, got, cmp.FilterPath(func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		return ok && !sf.Type().Comparable() || ok && sf.Name() != "" && strings.ToLower(sf.Name()[:1]) == sf.Name()[:1]
	}, cmp.Ignore())); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"org:dashboard:read", "org:dashboard:manage"}, got.Org.Permissions()); diff != "" {
		t.Errorf("permissions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"o:dashboard", "u:analytics"}, got.Features()); diff != "" {
		t.Errorf("features (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"u:free_user", "o:free_org"}, got.Plans()); diff != "" {
		t.Errorf("plans (-want +got):\n%s", diff)
	}
	var custom struct {
		Custom struct {
			Tier string `json:"tier"`
		} `json:"custom"`
	}
	if err := got.Claims(&custom); err != nil || custom.Custom.Tier != "gold" {
		t.Errorf("Claims: %v, tier %q", err, custom.Custom.Tier)
	}
}

func TestNewVerifierConfig(t *testing.T) {
	t.Parallel()
	pemA := pemOf(t, &testKeyA().PublicKey)
	tests := []struct {
		name    string
		opts    []VerifierOption
		wantErr error
	}{
		{"no key source", nil, ErrInvalidConfig},
		{"two key sources", []VerifierOption{WithJWTKey(pemA), WithJWKSURL("https://example.com/jwks", nil)}, ErrInvalidConfig},
		{"bad pem", []VerifierOption{WithJWTKey("-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----")}, ErrInvalidKey},
		{"negative leeway", []VerifierOption{WithJWTKey(pemA), WithLeeway(-time.Second)}, ErrInvalidConfig},
		{"bad URL", []VerifierOption{WithJWKSURL("file:///etc/passwd", nil)}, ErrInvalidConfig},
		{"bad publishable key", []VerifierOption{WithJWTKey(pemA), WithPublishableKey("pk_live_bm9wZQ")}, ErrInvalidConfig},
		{"nil client", []VerifierOption{WithJWKSFromClient(nil)}, ErrInvalidConfig},
		{"empty party", []VerifierOption{WithJWTKey(pemA), WithAuthorizedParties("")}, ErrInvalidConfig},
		{"ok", []VerifierOption{WithJWTKey(pemA), WithAuthorizedParties(testAzp), WithIssuer(testIssuer), WithLeeway(0), WithTokenCacheSize(0)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := NewVerifier(tt.opts...)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (v != nil) {
				t.Fatalf("NewVerifier = %v, %v; want error %v", v, err, tt.wantErr)
			}
		})
	}
}
