package site

import (
	"errors"
	"fmt"

	"github.com/gobapi/clerk"
)

// ErrNotSupportedYet is the answer to a satellite setting that this
// version of the SDK cannot apply yet.
var ErrNotSupportedYet = errors.New("not supported yet by this version of github.com/gobapi/clerk")

// satelliteOptions turns CLERK_PROXY_URL, CLERK_DOMAIN, CLERK_IS_SATELLITE
// and CLERK_SIGN_IN_URL into verifier options.
//
// Once the SDK's request authentication supports satellites, this is
// exactly:
//
//	var opts []clerk.VerifierOption
//	if c.ProxyURL != "" {
//		opts = append(opts, clerk.WithProxyURL(c.ProxyURL))
//	}
//	if c.Domain != "" {
//		opts = append(opts, clerk.WithDomain(c.Domain))
//	}
//	if c.IsSatellite {
//		opts = append(opts, clerk.WithSatellite(true))
//	}
//	if c.SignInURL != "" {
//		opts = append(opts, clerk.WithSignInURL(c.SignInURL))
//	}
//	return opts, nil
//
// Until then the proxy URL is applied (clerk.WithProxyURL exists) and a
// domain, satellite or sign-in URL fails with [ErrNotSupportedYet].
func satelliteOptions(c Config) ([]clerk.VerifierOption, error) {
	var opts []clerk.VerifierOption
	if c.ProxyURL != "" {
		opts = append(opts, clerk.WithProxyURL(c.ProxyURL))
	}
	var errs []error
	if c.Domain != "" {
		errs = append(errs, fmt.Errorf("CLERK_DOMAIN: %w", ErrNotSupportedYet))
	}
	if c.IsSatellite {
		errs = append(errs, fmt.Errorf("CLERK_IS_SATELLITE: %w", ErrNotSupportedYet))
	}
	if c.SignInURL != "" {
		errs = append(errs, fmt.Errorf("CLERK_SIGN_IN_URL: %w", ErrNotSupportedYet))
	}
	return opts, errors.Join(errs...)
}
