package site

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// DefaultAddr is where the example listens when ADDR is not set.
const DefaultAddr = "127.0.0.1:3000"

// Config is the example's configuration, named after the environment
// variables Clerk's SDKs read. Its String method never shows the secret
// key.
type Config struct {
	// SecretKey is CLERK_SECRET_KEY (required): the Backend API key, used
	// for the signing keys (unless JWTKey is set) and to exchange
	// handshake nonces.
	SecretKey string
	// PublishableKey is CLERK_PUBLISHABLE_KEY (required): it names the
	// instance's Frontend API, where browsers are sent for a handshake.
	PublishableKey string
	// APIURL is CLERK_API_URL, the Backend API base URL with or without
	// "/v1"; empty means Clerk's.
	APIURL string
	// JWTKey is CLERK_JWT_KEY, the instance's PEM public key: session
	// tokens then verify without fetching keys.
	JWTKey string
	// AuthorizedParties is CLERK_AUTHORIZED_PARTIES, comma-separated
	// origins such as https://app.example.com; set it in production.
	AuthorizedParties []string
	// ProxyURL is CLERK_PROXY_URL, the Frontend API's proxy.
	ProxyURL string
	// Domain is CLERK_DOMAIN, a satellite's domain.
	Domain string
	// IsSatellite is CLERK_IS_SATELLITE ("true" or "false").
	IsSatellite bool
	// SignInURL is CLERK_SIGN_IN_URL, the primary's sign-in page, which a
	// development satellite sends browsers to.
	SignInURL string
	// Addr is ADDR, the listen address (default DefaultAddr).
	Addr string
}

// FromEnv reads the configuration with getenv (os.Getenv in main). Its
// errors name the variable, never its value.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		SecretKey:      strings.TrimSpace(getenv("CLERK_SECRET_KEY")),
		PublishableKey: strings.TrimSpace(getenv("CLERK_PUBLISHABLE_KEY")),
		APIURL:         strings.TrimSpace(getenv("CLERK_API_URL")),
		JWTKey:         getenv("CLERK_JWT_KEY"),
		ProxyURL:       strings.TrimSpace(getenv("CLERK_PROXY_URL")),
		Domain:         strings.TrimSpace(getenv("CLERK_DOMAIN")),
		SignInURL:      strings.TrimSpace(getenv("CLERK_SIGN_IN_URL")),
		Addr:           strings.TrimSpace(getenv("ADDR")),
	}
	var errs []error
	if c.SecretKey == "" {
		errs = append(errs, errors.New("CLERK_SECRET_KEY is not set"))
	}
	if c.PublishableKey == "" {
		errs = append(errs, errors.New("CLERK_PUBLISHABLE_KEY is not set"))
	}
	for _, p := range strings.Split(getenv("CLERK_AUTHORIZED_PARTIES"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			c.AuthorizedParties = append(c.AuthorizedParties, p)
		}
	}
	if s := strings.TrimSpace(getenv("CLERK_IS_SATELLITE")); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("CLERK_IS_SATELLITE: want true or false, got %q", s))
		}
		c.IsSatellite = b
	}
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	return c, errors.Join(errs...)
}

// String describes c without the secret key or the JWT key, for logs.
func (c Config) String() string {
	return fmt.Sprintf("pages config: publishable key %s, API URL %q, JWT key set %t, authorized parties %q, proxy %q, domain %q, satellite %t, sign-in URL %q, addr %s",
		c.PublishableKey, c.APIURL, c.JWTKey != "", c.AuthorizedParties, c.ProxyURL, c.Domain, c.IsSatellite, c.SignInURL, c.Addr)
}

// GoString is String, so that %#v does not print the secret key either.
func (c Config) GoString() string { return c.String() }
