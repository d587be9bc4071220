package clerk

import (
	"fmt"
	"net/url"
	"strings"
)

// WithDomain names the satellite domain this application serves, such as
// "satellite.example.org" (CLERK_DOMAIN). A URL is accepted too; its host
// is used. With [WithSatellite] on a production instance, the Frontend API
// becomes "clerk.<domain>": handshakes go there and session tokens are
// expected with that issuer.
func WithDomain(domain string) VerifierOption {
	return func(cfg *verifierConfig) error {
		d := strings.TrimSpace(domain)
		if strings.Contains(d, "://") {
			u, err := url.Parse(d)
			if err != nil || u.Host == "" {
				return fmt.Errorf("%w: WithDomain: want a host such as satellite.example.org", ErrInvalidConfig)
			}
			d = u.Host
		}
		d = strings.TrimSuffix(d, "/")
		if d == "" || strings.ContainsAny(d, "/?#@ ") {
			return fmt.Errorf("%w: WithDomain: want a host such as satellite.example.org", ErrInvalidConfig)
		}
		cfg.domain = d
		return nil
	}
}

// WithSatellite marks the application as a satellite of a primary domain
// (CLERK_IS_SATELLITE): document requests without Clerk cookies are synced
// through the primary domain as @clerk/backend does. It needs
// [WithPublishableKey], [WithDomain] or [WithProxyURL], and on a
// development instance [WithSignInURL].
func WithSatellite(satellite bool) VerifierOption {
	return func(cfg *verifierConfig) error {
		cfg.satellite = satellite
		return nil
	}
}

// WithSignInURL sets the primary domain's sign-in page (CLERK_SIGN_IN_URL),
// an absolute URL. A development satellite sends document requests that
// need syncing there, with `__clerk_redirect_url` naming the page to come
// back to.
func WithSignInURL(signInURL string) VerifierOption {
	return func(cfg *verifierConfig) error {
		u, err := url.Parse(signInURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("%w: WithSignInURL: the sign-in URL must be absolute http(s)", ErrInvalidConfig)
		}
		cfg.signInURL = u.String()
		return nil
	}
}

// checkSatellite applies @clerk/backend's up-front satellite checks.
func checkSatellite(cfg *verifierConfig) error {
	if !cfg.satellite {
		return nil
	}
	switch {
	case cfg.pk == nil:
		return fmt.Errorf("%w: WithSatellite needs WithPublishableKey", ErrInvalidConfig)
	case cfg.domain == "" && cfg.proxyURL == "":
		return fmt.Errorf("%w: missing domain and proxy URL: a satellite application needs WithDomain or WithProxyURL", ErrInvalidConfig)
	case !cfg.pk.production && cfg.signInURL == "":
		return fmt.Errorf("%w: missing sign-in URL: a development satellite needs WithSignInURL", ErrInvalidConfig)
	}
	return nil
}

// satelliteDomain is WithDomain's domain when the application is a
// satellite, else "".
func (cfg *verifierConfig) satelliteDomain() string {
	if cfg.satellite {
		return cfg.domain
	}
	return ""
}
