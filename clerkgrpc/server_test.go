package clerkgrpc_test

import (
	"context"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerkgrpc"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// TestInterceptors calls a real gRPC server over loopback with session
// tokens, machine tokens and bad tokens, unary and streaming, for
// verifiers that accept sessions, machines or both.
func TestInterceptors(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	session, err := srv.MintSessionToken("user_1")
	if err != nil {
		t.Fatal(err)
	}
	m2m, err := bapi.New(c).CreateM2MTokenWithResponse(ctx, gen.CreateM2MTokenJSONRequestBody{})
	if err != nil || m2m.JSON201 == nil {
		t.Fatalf("create M2M token: %v", err)
	}
	key, err := bapi.New(c).CreateAPIKeyWithResponse(ctx, gen.CreateAPIKeyJSONRequestBody{Name: "ci", Subject: "user_1"})
	if err != nil || key.JSON200 == nil {
		t.Fatalf("create API key: %v", err)
	}
	machine := "machine " + srv.MachineID
	type result struct {
		Code codes.Code
		Who  string
	}
	ok := func(who string) result { return result{codes.OK, who} }
	refused := result{codes.Unauthenticated, ""}
	for _, tc := range []struct {
		name     string
		accepted []clerk.TokenType
		auth     string
		want     result
		reason   string
	}{
		{"session by default", nil, "Bearer " + session, ok("session user_1"), ""},
		{"bare session token", nil, session, ok("session user_1"), ""},
		{"no token", nil, "", refused, clerk.ReasonNoTokenInHeader},
		{"basic scheme", nil, "Basic " + session, refused, clerk.ReasonNoTokenInHeader},
		{"garbage", nil, "Bearer garbage", refused, "token-invalid"},
		{"M2M refused by default", nil, "Bearer " + m2m.JSON201.Token, refused, clerk.ReasonTokenTypeMismatch},
		{"M2M accepted", []clerk.TokenType{clerk.TokenTypeM2MToken}, "Bearer " + m2m.JSON201.Token, ok(machine), ""},
		{"session refused for machines only", []clerk.TokenType{clerk.TokenTypeM2MToken}, "Bearer " + session, refused, clerk.ReasonTokenTypeMismatch},
		{"both: session", []clerk.TokenType{clerk.TokenTypeSessionToken, clerk.TokenTypeAPIKey}, "Bearer " + session, ok("session user_1"), ""},
		{"both: API key", []clerk.TokenType{clerk.TokenTypeSessionToken, clerk.TokenTypeAPIKey}, "Bearer " + key.JSON200.Secret, ok("machine user_1"), ""},
		{"revoked-looking API key", []clerk.TokenType{clerk.TokenTypeAPIKey}, "Bearer ak_nope", refused, "token-invalid"},
	} {
		opts := []clerk.VerifierOption{clerk.WithJWKSFromClient(c)}
		if tc.accepted != nil {
			opts = append(opts, clerk.WithAcceptedTokens(tc.accepted...))
		}
		v, err := clerk.NewVerifier(opts...)
		if err != nil {
			t.Fatal(err)
		}
		var reasons []string
		var s seen
		hc := serve(t, v, &s, []clerkgrpc.Option{clerkgrpc.OnRefused(func(_ context.Context, _ string, st clerk.RequestState) {
			reasons = append(reasons, st.Reason)
		})})
		cctx := ctx
		if tc.auth != "" {
			cctx = metadata.AppendToOutgoingContext(ctx, "authorization", tc.auth)
		}
		// Unary.
		s.who = ""
		_, err = hc.Check(cctx, &healthpb.HealthCheckRequest{})
		got := result{status.Code(err), s.who}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: unary (-want +got):\n%s", tc.name, diff)
		}
		if err != nil && status.Convert(err).Message() != "unauthenticated" {
			t.Errorf("%s: message %q tells the caller more than unauthenticated", tc.name, status.Convert(err).Message())
		}
		// Streaming: the refusal arrives with the first message.
		s.who = ""
		st, err := hc.Watch(cctx, &healthpb.HealthCheckRequest{})
		if err == nil {
			_, err = st.Recv()
		}
		got = result{status.Code(err), s.who}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: stream (-want +got):\n%s", tc.name, diff)
		}
		want := []string(nil)
		if tc.reason != "" {
			want = []string{tc.reason, tc.reason}
		}
		if diff := cmp.Diff(want, reasons); diff != "" {
			t.Errorf("%s: reasons given to OnRefused (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestSkip lets a health check through without a token.
func TestSkip(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c))
	if err != nil {
		t.Fatal(err)
	}
	var s seen
	hc := serve(t, v, &s, []clerkgrpc.Option{clerkgrpc.Skip(func(m string) bool { return m == healthpb.Health_Check_FullMethodName })})
	if _, err := hc.Check(context.Background(), &healthpb.HealthCheckRequest{}); err != nil || s.who != "nobody" {
		t.Errorf("skipped Check: %v, saw %q", err, s.who)
	}
}
