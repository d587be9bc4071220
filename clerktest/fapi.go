package clerktest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/gobapi/clerk/gen"
)

// fapi is the fake Frontend API: a TLS listener whose certificate names the
// publishable key's host, and the browser-side state Clerk keeps there.
type fapi struct {
	hs   *httptest.Server
	cert *x509.Certificate

	mu          sync.Mutex
	lifetime    time.Duration       // of session tokens the FAPI mints; 0: DefaultTokenLifetime
	devBrowsers map[string]string   // dev browser ID -> client ID ("" before a sign-in)
	nonces      map[string]nonceRec // handshake nonce -> payload
	hsCount     map[string]int      // handshake requests per dev browser or client, for tests
}

// startFAPI starts the Frontend API listener on loopback with a fresh
// self-signed certificate for s.FrontendAPI.
func (s *Server) startFAPI() error {
	cert, der, err := fapiCertificate(s.FrontendAPI)
	if err != nil {
		return err
	}
	f := &s.fapi
	f.cert = der
	f.devBrowsers = map[string]string{}
	f.nonces = map[string]nonceRec{}
	f.hsCount = map[string]int{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/client/handshake", s.fapiHandshake)
	mux.HandleFunc("POST /v1/dev_browser", s.fapiDevBrowser)
	mux.HandleFunc("GET /v1/clerktest/sign-in", s.fapiSignIn)
	mux.HandleFunc("GET /v1/clerktest/sign-out", s.fapiSignOut)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeFAPIError(w, http.StatusNotFound, "resource_not_found", "clerktest's Frontend API serves only the handshake, dev_browser and clerktest routes.")
	})
	f.hs = httptest.NewUnstartedServer(s.logFAPI(mux))
	f.hs.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	f.hs.StartTLS()
	return nil
}

// closeFAPI stops the Frontend API listener.
func (s *Server) closeFAPI() {
	if s.fapi.hs != nil {
		s.fapi.hs.CloseClientConnections()
		s.fapi.hs.Close()
	}
}

// fapiCertificate makes a self-signed ECDSA P-256 certificate, valid for a
// day either side of now, for host, 127.0.0.1 and ::1.
func fapiCertificate(host string) (tls.Certificate, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("clerktest: Frontend API key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("clerktest: Frontend API certificate serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: host, Organization: []string{"clerktest"}},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{host},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("clerktest: Frontend API certificate: %w", err)
	}
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("clerktest: Frontend API certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: parsed}, parsed, nil
}

// FrontendAPIURL returns "https://" and FrontendAPI: the Frontend API URL
// the publishable key points at, which Clerk's SDKs redirect browsers to
// for the handshake. The host does not resolve in DNS: reach it with
// [Server.FrontendAPIClient], or a browser started with
// [Server.ChromiumFlags]. It serves:
//
//   - GET /v1/client/handshake?redirect_url=…&format=nonce[&suffixed_cookies=true][&__clerk_db_jwt=…]:
//     mints a session token for the browser's client (its __client cookie,
//     or on a development instance its dev browser; a development request
//     without one gets a new dev browser) and answers 307 to redirect_url
//     with __clerk_handshake_nonce (or, without format=nonce, a signed
//     __clerk_handshake token; in the query, or with
//     [WithProductionInstance] in a cookie on the app's domain) whose
//     Set-Cookie directives are __session
//     and __client_uat (cleared when signed out), suffixed too when asked,
//     and __clerk_db_jwt on a development instance. The Backend API's
//     GET /v1/clients/handshake_payload?nonce=… answers
//     {"directives": […]} once per nonce.
//   - POST /v1/dev_browser: a new dev browser {"object", "id", "token"}.
//   - GET /v1/clerktest/sign-in?user_id=…&redirect_url=…[&__clerk_db_jwt=…]
//     and GET /v1/clerktest/sign-out?redirect_url=…[&__clerk_db_jwt=…]:
//     test-only stand-ins for Clerk's sign-in pages and its JS: sign-in
//     starts a session for the user (who must exist), sign-out ends the
//     browser's sessions, and both redirect with a handshake nonce
//     carrying the app's cookies.
//
// Every request is in [Server.Requests] with Operation "FAPI <method>
// <path>"; [Server.HandshakeCount] counts handshakes.
func (s *Server) FrontendAPIURL() string { return "https://" + s.FrontendAPI }

// Addr returns the loopback "host:port" where the Frontend API listens
// (TLS, with [Server.Certificate]).
func (s *Server) Addr() string { return s.fapi.hs.Listener.Addr().String() }

// Certificate returns the self-signed certificate the Frontend API serves,
// valid for FrontendAPI, 127.0.0.1 and ::1.
func (s *Server) Certificate() *x509.Certificate { return s.fapi.cert }

// FrontendAPITransport returns a transport that sends every connection for
// FrontendAPI (any port) to [Server.Addr] and trusts [Server.Certificate]
// for it; other hosts are dialled normally with the system roots.
func (s *Server) FrontendAPITransport() *http.Transport {
	pool := x509.NewCertPool()
	pool.AddCert(s.fapi.cert)
	if sys, err := x509.SystemCertPool(); err == nil {
		sys.AddCert(s.fapi.cert)
		pool = sys
	}
	addr := s.Addr()
	d := &net.Dialer{Timeout: 10 * time.Second}
	t := &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2: true,
	}
	t.DialContext = func(ctx context.Context, network, hostport string) (net.Conn, error) {
		if host, _, err := net.SplitHostPort(hostport); err == nil && strings.EqualFold(host, s.FrontendAPI) {
			hostport = addr
		}
		return d.DialContext(ctx, network, hostport)
	}
	return t
}

// FrontendAPIClient returns an *http.Client that reaches the Frontend API
// at [Server.FrontendAPIURL] (see [Server.FrontendAPITransport]). It does
// not follow redirects, so a test sees each handshake step.
func (s *Server) FrontendAPIClient() *http.Client {
	return &http.Client{
		Transport:     s.FrontendAPITransport(),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}
}

// ChromiumFlags returns the command-line switches that let Chromium reach
// the Frontend API at [Server.FrontendAPIURL]: --host-resolver-rules maps
// FrontendAPI (port 443) to [Server.Addr], and
// --ignore-certificate-errors-spki-list trusts [Server.Certificate] by its
// public-key hash. Each element is "name=value" without the leading
// dashes, the form chromedp.Flag takes after splitting on "=".
func (s *Server) ChromiumFlags() []string {
	sum := sha256.Sum256(s.fapi.cert.RawSubjectPublicKeyInfo)
	return []string{
		"host-resolver-rules=MAP " + s.FrontendAPI + " " + s.Addr(),
		"ignore-certificate-errors-spki-list=" + base64.StdEncoding.EncodeToString(sum[:]),
	}
}

// SetSessionTokenLifetime sets the lifetime of the session tokens the
// Frontend API mints (handshake and sign-in); d <= 0 restores
// DefaultTokenLifetime. Tokens minted through the Backend API are not
// affected.
func (s *Server) SetSessionTokenLifetime(d time.Duration) {
	s.fapi.mu.Lock()
	if d < 0 {
		d = 0
	}
	s.fapi.lifetime = d
	s.fapi.mu.Unlock()
}

func (s *Server) tokenLifetime() time.Duration {
	s.fapi.mu.Lock()
	defer s.fapi.mu.Unlock()
	if s.fapi.lifetime > 0 {
		return s.fapi.lifetime
	}
	return DefaultTokenLifetime
}

// WithProductionInstance makes the server a production instance: its keys
// are sk_live_ and pk_live_, its Frontend API keeps no dev browser
// (browsers are known by their __client cookie), and it hands the
// handshake payload over in a cookie on the app's domain, the parent of
// FrontendAPI (so pair it with [WithFrontendAPI], such as
// "clerk.example.com" for an app on example.com or a subdomain).
func WithProductionInstance() Option {
	return func(c *config) error {
		c.live = true
		return nil
	}
}

// production reports a production instance (a pk_live_ key), where Clerk
// keeps no dev browser.
func (s *Server) production() bool { return strings.HasPrefix(s.PublishableKey, "pk_live_") }

// cookieSuffix is Clerk's cookie-name suffix for the publishable key: the
// first 8 characters of base64url(SHA-1(key)).
func (s *Server) cookieSuffix() string {
	sum := sha1.Sum([]byte(s.PublishableKey))
	return base64.URLEncoding.EncodeToString(sum[:])[:8]
}

// logFAPI records each Frontend API request in the server's request log,
// with Operation "FAPI <method> <path>".
func (s *Server) logFAPI(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusWriter{ResponseWriter: w}
		entry := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Time: s.now(),
			Operation: "FAPI " + r.Method + " " + r.URL.Path}
		defer func() {
			entry.Status = rec.status
			s.reqLog.add(entry)
		}()
		next.ServeHTTP(rec, r)
	})
}

// writeFAPIError writes the Frontend API's error envelope.
func writeFAPIError(w http.ResponseWriter, status int, code, long string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(gen.ClerkErrors{Errors: []gen.ClerkError{{Code: code, Message: code, LongMessage: long}}})
}
