// Command quickstart walks through the SDK in a few seconds: it creates a
// user, an organization and a membership, lists them with the iterators,
// gets a session token for the user, calls an HTTP handler protected by
// RequireSession with and without it, shows a typed API error, and deletes
// what it created.
//
// By default it starts clerktest, the SDK's in-process fake Clerk, on a
// loopback port and says so: no Clerk account is needed, and nothing leaves
// the machine, even when CLERK_SECRET_KEY is set in the environment.
//
//	go run ./examples/quickstart     # or: make demo
//
// With -clerk it talks to the instance of CLERK_SECRET_KEY at
// api.clerk.com, or at CLERK_API_URL when that is set. The key must be a
// development key (sk_test_); a production key (sk_live_) is refused unless
// -live is given too, since the demo creates and deletes a user and an
// organization. The session token then comes from Sessions.Create and
// Sessions.CreateToken, which Clerk allows on development instances only;
// elsewhere that step is explained and skipped.
//
//	CLERK_SECRET_KEY=sk_test_… go run ./examples/quickstart -clerk
//
// The secret key is never printed.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Stdout, os.Args[1:], os.Getenv)
	stop()
	os.Exit(code)
}

// target says which Clerk the demo may talk to, from its flags.
type target struct {
	real bool // -clerk: the instance of CLERK_SECRET_KEY
	live bool // -live: a production key is allowed too
}

// parseFlags reads the command line.
func parseFlags(args []string, out io.Writer) (target, error) {
	var tg target
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.BoolVar(&tg.real, "clerk", false, "use the Clerk instance of CLERK_SECRET_KEY instead of the in-process fake")
	fs.BoolVar(&tg.live, "live", false, "with -clerk, allow a production (sk_live_) key")
	if err := fs.Parse(args); err != nil {
		return tg, err
	}
	if fs.NArg() > 0 {
		return tg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return tg, nil
}

// run is the whole program; it returns the exit status.
func run(ctx context.Context, out io.Writer, args []string, getenv func(string) string) int {
	tg, err := parseFlags(args, out)
	if err != nil {
		fmt.Fprintf(out, "quickstart: %v\n", err)
		return 2
	}
	if err := demo(ctx, out, tg, getenv); err != nil {
		fmt.Fprintf(out, "quickstart failed: %v\n", err)
		return 1
	}
	fmt.Fprintln(out, "Done.")
	return 0
}

// backend is the Clerk the demo talks to.
type backend struct {
	client *clerk.Client
	// fake is the in-process fake Clerk, or nil when talking to a real one.
	fake *clerktest.Server
}

// connect builds the client: to the fake unless -clerk asks for the real
// instance.
func connect(out io.Writer, tg target, getenv func(string) string) (*backend, func(), error) {
	key := getenv("CLERK_SECRET_KEY")
	if !tg.real {
		fake, err := clerktest.Start()
		if err != nil {
			return nil, nil, fmt.Errorf("start the fake Clerk: %w", err)
		}
		c, err := fake.Client(clerk.WithUserAgent("gobapi-quickstart"))
		if err != nil {
			fake.Close()
			return nil, nil, fmt.Errorf("build a client for the fake Clerk: %w", err)
		}
		fmt.Fprintf(out, "Using clerktest, an in-process fake Clerk at %s.\n", fake.URL)
		if key != "" {
			fmt.Fprintln(out, "   (CLERK_SECRET_KEY is set but not used: pass -clerk to run against your development instance.)")
		}
		return &backend{client: c, fake: fake}, fake.Close, nil
	}
	switch {
	case key == "":
		return nil, nil, errors.New("-clerk needs CLERK_SECRET_KEY, a development instance's sk_test_ key")
	case strings.HasPrefix(key, "sk_live_") && !tg.live:
		return nil, nil, errors.New("refusing a production key (sk_live_): the demo creates and deletes a user and an organization; use a development instance's sk_test_ key, or add -live if you mean it")
	}
	opts := []clerk.Option{clerk.WithUserAgent("gobapi-quickstart")}
	where := clerk.DefaultBaseURL
	if u := getenv("CLERK_API_URL"); u != "" {
		opts = append(opts, clerk.WithBaseURL(u))
		where = u
	}
	c, err := clerk.NewClient(key, opts...)
	if err != nil {
		return nil, nil, err // a *clerk.ConfigError, which never contains the key
	}
	fmt.Fprintf(out, "-clerk: using the Clerk instance of CLERK_SECRET_KEY at %s.\n", where)
	return &backend{client: c}, func() {}, nil
}

// cleanup deletes what the demo created, newest first, even when a step
// failed or ctx was cancelled.
type cleanup struct {
	steps []func(context.Context) error
	names []string
}

func (c *cleanup) add(name string, f func(context.Context) error) {
	c.steps = append(c.steps, f)
	c.names = append(c.names, name)
}

func (c *cleanup) run(ctx context.Context, out io.Writer) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	var errs []error
	var done []string
	for i := len(c.steps) - 1; i >= 0; i-- {
		if err := c.steps[i](ctx); err != nil {
			errs = append(errs, fmt.Errorf("delete %s: %w", c.names[i], err))
			continue
		}
		done = append(done, c.names[i])
	}
	if len(done) > 0 {
		fmt.Fprintf(out, "8. Cleaned up: deleted the %s.\n", joinAnd(done))
	}
	return errors.Join(errs...)
}

// joinAnd joins ["a", "b", "c"] as "a, the b and the c".
func joinAnd(s []string) string {
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", the ") + " and the " + s[len(s)-1]
}

func demo(ctx context.Context, out io.Writer, tg target, getenv func(string) string) (err error) {
	b, closeBackend, err := connect(out, tg, getenv)
	if err != nil {
		return err
	}
	defer closeBackend()
	c := b.client

	var undo cleanup
	defer func() { err = errors.Join(err, undo.run(ctx, out)) }()

	// A random tag keeps reruns against a real instance from colliding.
	tag := randomTag()
	email := "ada.quickstart." + tag + "@example.com"

	// 1. A user.
	user, err := c.Users.Create(ctx, &clerk.UserCreateParams{
		EmailAddresses:          []string{email},
		FirstName:               clerk.Ptr("Ada"),
		LastName:                clerk.Ptr("Lovelace"),
		ExternalID:              clerk.Ptr("quickstart-" + tag),
		SkipPasswordRequirement: clerk.Ptr(true),
		PublicMetadata:          map[string]any{"plan": "demo"},
	})
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	undo.add("user", func(ctx context.Context) error {
		_, err := c.Users.Delete(ctx, user.ID)
		return err
	})
	fmt.Fprintf(out, "1. Created user %s <%s>.\n", user.ID, email)

	// 2. An organization, and 3. the user as its admin.
	org, err := c.Organizations.Create(ctx, &clerk.OrganizationCreateParams{
		Name: "Quickstart " + tag,
		Slug: clerk.Ptr("quickstart-" + tag),
	})
	if err != nil {
		return fmt.Errorf("create organization: %w", err)
	}
	undo.add("organization", func(ctx context.Context) error {
		_, err := c.Organizations.Delete(ctx, org.ID)
		return err
	})
	fmt.Fprintf(out, "2. Created organization %s %q.\n", org.ID, org.Name)

	m, err := c.Organizations.CreateMembership(ctx, org.ID, &clerk.OrganizationMembershipCreateParams{
		UserID: user.ID,
		Role:   "org:admin",
	})
	if err != nil {
		return fmt.Errorf("create membership: %w", err)
	}
	undo.add("membership", func(ctx context.Context) error {
		_, err := c.Organizations.DeleteMembership(ctx, org.ID, user.ID)
		if clerk.IsNotFound(err) {
			return nil // already gone with its organization
		}
		return err
	})
	fmt.Fprintf(out, "3. Added the user to the organization as %s.\n", m.Role)

	// 4. The iterators fetch pages lazily; a filter keeps this to our user.
	if err := list(ctx, out, c, user, org); err != nil {
		return err
	}

	// 5. A session token for the user, with the organization active.
	token, err := sessionToken(ctx, out, b, user.ID, org.ID)
	if err != nil {
		return err
	}

	// 6. A handler behind RequireSession, on a loopback server.
	if err := callProtected(ctx, out, c, token); err != nil {
		return err
	}

	// 7. Errors are typed: a second user with the same email is refused.
	_, err = c.Users.Create(ctx, &clerk.UserCreateParams{
		EmailAddresses:          []string{email},
		SkipPasswordRequirement: clerk.Ptr(true),
	})
	var apiErr *clerk.APIError
	switch {
	case clerk.HasErrorCode(err, "form_identifier_exists") && errors.As(err, &apiErr):
		fmt.Fprintf(out, "7. Creating a second user with the same email failed as expected: %d form_identifier_exists.\n", apiErr.StatusCode)
	case err != nil:
		return fmt.Errorf("create duplicate user: unexpected error: %w", err)
	default:
		return errors.New("create duplicate user: Clerk accepted a duplicate email address")
	}
	return nil
}

// list shows Users.All and Organizations.AllMemberships.
func list(ctx context.Context, out io.Writer, c *clerk.Client, user *clerk.User, org *clerk.Organization) error {
	var users []string
	for u, err := range c.Users.All(ctx, &clerk.UserListParams{EmailAddresses: []string{primaryEmail(user)}}) {
		if err != nil {
			return fmt.Errorf("list users: %w", err)
		}
		users = append(users, u.ID)
	}
	if len(users) != 1 || users[0] != user.ID {
		return fmt.Errorf("list users: want only %s, got %v", user.ID, users)
	}
	fmt.Fprintf(out, "4. Users.All with an email filter found 1 user: %s.\n", users[0])

	n := 0
	for m, err := range c.Organizations.AllMemberships(ctx, org.ID, nil) {
		if err != nil {
			return fmt.Errorf("list memberships: %w", err)
		}
		n++
		who := ""
		if m.PublicUserData != nil {
			who = m.PublicUserData.UserID
		}
		fmt.Fprintf(out, "   Organizations.AllMemberships: %s is %s of %s.\n", who, m.Role, m.Organization.Slug)
	}
	if n != 1 {
		return fmt.Errorf("list memberships: want 1, got %d", n)
	}
	return nil
}

// sessionToken mints a token on the fake, or asks a real Clerk for one.
func sessionToken(ctx context.Context, out io.Writer, b *backend, userID, orgID string) (string, error) {
	if b.fake != nil {
		tok, err := b.fake.MintSessionToken(userID, clerktest.WithActiveOrganization(orgID))
		if err != nil {
			return "", fmt.Errorf("mint session token: %w", err)
		}
		fmt.Fprintln(out, "5. Minted a session token for the user with clerktest (organization active, role from the membership).")
		return tok, nil
	}
	sess, err := b.client.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: userID, ActiveOrganizationID: &orgID})
	if err != nil {
		var apiErr *clerk.APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode < 500 && apiErr.StatusCode != http.StatusTooManyRequests {
			fmt.Fprintf(out, "5. Skipped the session token: this instance refuses Sessions.Create (%d), which Clerk allows on development instances only.\n", apiErr.StatusCode)
			return "", nil
		}
		return "", fmt.Errorf("create session: %w", err)
	}
	tok, err := b.client.Sessions.CreateToken(ctx, sess.ID, 0)
	if err != nil {
		return "", fmt.Errorf("create session token: %w", err)
	}
	fmt.Fprintf(out, "5. Created session %s and got a session token for it with Sessions.CreateToken.\n", sess.ID)
	return tok, nil
}

// callProtected serves a handler behind RequireSession and calls it
// without and with the token.
func callProtected(ctx context.Context, out io.Writer, c *clerk.Client, token string) error {
	// Keys come from GET /v1/jwks with the secret key and are cached. In
	// production also pass clerk.WithAuthorizedParties with your origins.
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c))
	if err != nil {
		return fmt.Errorf("build verifier: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /whoami", v.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claims, _ := clerk.SessionFromContext(r.Context())
		fmt.Fprintf(w, "hello %s (%s in %s)", claims.UserID, claims.Org.Role, claims.Org.Slug)
	})))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	status, _, err := get(ctx, srv.Client(), srv.URL+"/whoami", "")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "6. GET /whoami without a token: %d %s.\n", status, http.StatusText(status))
	if status != http.StatusUnauthorized {
		return fmt.Errorf("GET /whoami without a token: want 401, got %d", status)
	}
	if token == "" {
		return nil
	}
	status, body, err := get(ctx, srv.Client(), srv.URL+"/whoami", token)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "   GET /whoami with the token: %d %s: %s.\n", status, http.StatusText(status), body)
	if status != http.StatusOK {
		return fmt.Errorf("GET /whoami with the token: want 200, got %d", status)
	}
	return nil
}

func get(ctx context.Context, hc *http.Client, url, token string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", fmt.Errorf("build request: %w", err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("GET %s: %w", req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return 0, "", fmt.Errorf("GET %s: read body: %w", req.URL.Path, err)
	}
	return resp.StatusCode, strings.TrimSpace(string(body)), nil
}

func primaryEmail(u *clerk.User) string {
	for _, e := range u.EmailAddresses {
		if u.PrimaryEmailAddressID != nil && e.ID == *u.PrimaryEmailAddressID {
			return e.EmailAddress
		}
	}
	if len(u.EmailAddresses) > 0 {
		return u.EmailAddresses[0].EmailAddress
	}
	return ""
}

// randomTag is 8 lowercase hex characters.
func randomTag() string {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
