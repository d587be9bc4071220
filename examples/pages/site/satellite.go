package site

import "github.com/gobapi/clerk"

// satelliteOptions turns CLERK_PROXY_URL, CLERK_DOMAIN, CLERK_IS_SATELLITE
// and CLERK_SIGN_IN_URL into verifier options; NewVerifier checks them as
// @clerk/backend does (a satellite needs a domain or a proxy URL, and on a
// development instance a sign-in URL).
func satelliteOptions(c Config) ([]clerk.VerifierOption, error) {
	var opts []clerk.VerifierOption
	if c.ProxyURL != "" {
		opts = append(opts, clerk.WithProxyURL(c.ProxyURL))
	}
	if c.Domain != "" {
		opts = append(opts, clerk.WithDomain(c.Domain))
	}
	if c.IsSatellite {
		opts = append(opts, clerk.WithSatellite(true))
	}
	if c.SignInURL != "" {
		opts = append(opts, clerk.WithSignInURL(c.SignInURL))
	}
	return opts, nil
}
