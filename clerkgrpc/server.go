package clerkgrpc

import (
	"context"
	"strings"

	"github.com/gobapi/clerk"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// Option configures the server interceptors.
type Option func(*config)

type config struct {
	onRefused func(ctx context.Context, fullMethod string, st clerk.RequestState)
	skip      func(fullMethod string) bool
}

// OnRefused calls fn with the state of each call refused with
// codes.Unauthenticated: its Reason and Err say why, which the caller is
// never told.
func OnRefused(fn func(ctx context.Context, fullMethod string, st clerk.RequestState)) Option {
	return func(cfg *config) { cfg.onRefused = fn }
}

// Skip lets the calls whose full method ("/grpc.health.v1.Health/Check")
// skip reports true through without a token, such as health checks.
func Skip(skip func(fullMethod string) bool) Option {
	return func(cfg *config) { cfg.skip = skip }
}

// errUnauthenticated is the only thing a refused caller learns.
var errUnauthenticated = status.Error(codes.Unauthenticated, "unauthenticated")

// UnaryServerInterceptor authenticates each unary call (see the package
// documentation).
func UnaryServerInterceptor(v *clerk.Verifier, opts ...Option) grpc.UnaryServerInterceptor {
	cfg := newConfig(opts)
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if cfg.skip != nil && cfg.skip(info.FullMethod) {
			return handler(ctx, req)
		}
		ctx, err := cfg.authenticate(ctx, v, info.FullMethod)
		if err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

// StreamServerInterceptor authenticates each streaming call when it
// opens (see the package documentation).
func StreamServerInterceptor(v *clerk.Verifier, opts ...Option) grpc.StreamServerInterceptor {
	cfg := newConfig(opts)
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if cfg.skip != nil && cfg.skip(info.FullMethod) {
			return handler(srv, ss)
		}
		ctx, err := cfg.authenticate(ss.Context(), v, info.FullMethod)
		if err != nil {
			return err
		}
		return handler(srv, &stream{ServerStream: ss, ctx: ctx})
	}
}

func newConfig(opts []Option) *config {
	cfg := &config{}
	for _, o := range opts {
		o(cfg)
	}
	return cfg
}

// authenticate decides the call's token and returns ctx with its claims.
func (cfg *config) authenticate(ctx context.Context, v *clerk.Verifier, method string) (context.Context, error) {
	st, ok := v.AuthenticateToken(ctx, tokenFrom(ctx))
	if !ok {
		if cfg.onRefused != nil {
			cfg.onRefused(ctx, method, st)
		}
		return nil, errUnauthenticated
	}
	if st.Machine != nil {
		return clerk.ContextWithMachine(ctx, st.Machine), nil
	}
	return clerk.ContextWithSession(ctx, st.Claims), nil
}

// tokenFrom reads the first `authorization` metadata value as the HTTP
// middleware reads the header: "Bearer <token>", or a bare token; another
// scheme is no token.
func tokenFrom(ctx context.Context) string {
	vals := metadata.ValueFromIncomingContext(ctx, "authorization")
	if len(vals) == 0 {
		return ""
	}
	scheme, rest, found := strings.Cut(vals[0], " ")
	switch {
	case !found:
		return scheme
	case scheme == "Bearer":
		tok, _, _ := strings.Cut(rest, " ")
		return tok
	}
	return ""
}

// stream is a ServerStream whose context carries the claims.
type stream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *stream) Context() context.Context { return s.ctx }

// Claims returns the verified session claims of a call the interceptors
// admitted with a session token.
func Claims(ctx context.Context) (*clerk.SessionClaims, bool) { return clerk.SessionFromContext(ctx) }

// Machine returns the verified claims of a call the interceptors admitted
// with a machine token (M2M token, API key or OAuth access token).
func Machine(ctx context.Context) (*clerk.MachineClaims, bool) { return clerk.MachineFromContext(ctx) }
