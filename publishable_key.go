package clerk

import (
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"strings"
)

// errInvalidPublishableKey is wrapped into ErrInvalidConfig.
var errInvalidPublishableKey = errors.New("publishable key not valid (expected format: pk_test_... or pk_live_...)")

// publishableKey is a parsed pk_test_/pk_live_ key.
type publishableKey struct {
	key         string
	frontendAPI string // host of the instance's Frontend API, e.g. clerk.example.com
	production  bool
}

// parsePublishableKey follows @clerk/shared's isPublishableKey and
// parsePublishableKey: a pk_live_ or pk_test_ prefix, exactly three
// '_'-separated parts, a standard-base64 third part (padding optional) that
// decodes to "<host>$" with no other '$' and at least one '.'.
func parsePublishableKey(pk string) (*publishableKey, error) {
	var prod bool
	switch {
	case strings.HasPrefix(pk, "pk_live_"):
		prod = true
	case strings.HasPrefix(pk, "pk_test_"):
	default:
		return nil, errInvalidPublishableKey
	}
	parts := strings.Split(pk, "_")
	if len(parts) != 3 {
		return nil, errInvalidPublishableKey
	}
	dec, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(parts[2], "="))
	if err != nil {
		return nil, errInvalidPublishableKey
	}
	s := string(dec)
	if !strings.HasSuffix(s, "$") || strings.Count(s, "$") != 1 || !strings.Contains(s, ".") {
		return nil, errInvalidPublishableKey
	}
	return &publishableKey{key: pk, frontendAPI: strings.TrimSuffix(s, "$"), production: prod}, nil
}

// cookieSuffix is the first 8 characters of base64url(SHA-1(key)), the
// suffix Clerk appends to cookie names (`__session_<suffix>`).
func (p *publishableKey) cookieSuffix() string {
	sum := sha1.Sum([]byte(p.key))
	return base64.URLEncoding.EncodeToString(sum[:])[:8]
}

// issuer is the `iss` of the instance's session tokens: the proxy URL when
// the Frontend API is proxied, else "https://" and its host (see fapiHost).
func (p *publishableKey) issuer(proxyURL, satelliteDomain string) string {
	if proxyURL != "" {
		return proxyURL
	}
	return "https://" + p.fapiHost(satelliteDomain)
}

// fapiHost is the Frontend API host before any proxy: "clerk.<domain>" for
// a production satellite (satelliteDomain set), else the key's host.
func (p *publishableKey) fapiHost(satelliteDomain string) string {
	if p.production && satelliteDomain != "" {
		return "clerk." + satelliteDomain
	}
	return p.frontendAPI
}

// IssuerFromPublishableKey returns the issuer (`iss`) of the session tokens
// of the instance a publishable key belongs to: "https://" and the Frontend
// API host the key encodes. Use it with WithIssuer. Instances behind a proxy
// URL or satellite domains issue tokens under another host; configure those
// issuers explicitly.
func IssuerFromPublishableKey(pk string) (string, error) {
	p, err := parsePublishableKey(pk)
	if err != nil {
		return "", errors.Join(ErrInvalidConfig, err)
	}
	return p.issuer("", ""), nil
}
