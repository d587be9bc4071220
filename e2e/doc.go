// Package e2e drives examples/pages with a real, headless Chromium against
// clerktest playing Clerk's Frontend and Backend APIs: sign-in, an expired
// session token refreshed through exactly one handshake, sign-out, and a
// development instance's dev-browser token; the lifecycle again on a
// production instance, whose handshake payload travels in a cookie. It is its own module, so that
// chromedp stays out of the SDK's module graph.
//
// It needs the chromium binary (Debian package chromium; or set CHROMIUM
// to its path). Without it the tests print one line saying so and pass,
// except under CI=true, where they fail.
package e2e
