package clerkgrpc_test

import (
	"context"
	"net"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkgrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// seen records what the handlers saw of the last call.
type seen struct{ who string }

func who(ctx context.Context) string {
	if s, ok := clerkgrpc.Claims(ctx); ok {
		return "session " + s.UserID
	}
	if m, ok := clerkgrpc.Machine(ctx); ok {
		return "machine " + m.Subject
	}
	return "nobody"
}

// serve starts a real gRPC server on a loopback listener with Clerk's
// interceptors and the health service, and returns a client connection
// made with dial options.
func serve(t *testing.T, v *clerk.Verifier, s *seen, opts []clerkgrpc.Option, dial ...grpc.DialOption) healthpb.HealthClient {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	record := func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		s.who = who(ctx)
		return h(ctx, req)
	}
	recordStream := func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
		s.who = who(ss.Context())
		return h(srv, ss)
	}
	srv := grpc.NewServer(
		grpc.ChainUnaryInterceptor(clerkgrpc.UnaryServerInterceptor(v, opts...), record),
		grpc.ChainStreamInterceptor(clerkgrpc.StreamServerInterceptor(v, opts...), recordStream))
	healthpb.RegisterHealthServer(srv, health.NewServer())
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(lis.Addr().String(), append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, dial...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return healthpb.NewHealthClient(conn)
}
