package clerkgrpc_test

import (
	"context"
	"fmt"
	"net"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkgrpc"
	"github.com/gobapi/clerk/clerktest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

func Example() {
	srv, _ := clerktest.Start() // a fake Clerk; use clerk.NewClient(secretKey) in production
	defer srv.Close()
	c, _ := srv.Client()

	// The server accepts M2M tokens only.
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c), clerk.WithAcceptedTokens(clerk.TokenTypeM2MToken))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := grpc.NewServer(grpc.ChainUnaryInterceptor(
		clerkgrpc.UnaryServerInterceptor(v, clerkgrpc.OnRefused(func(_ context.Context, method string, st clerk.RequestState) {
			fmt.Println("refused", method, st.Reason) // the caller only sees Unauthenticated
		})),
		func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			if m, ok := clerkgrpc.Machine(ctx); ok {
				fmt.Println("call from", m.Subject == srv.MachineID)
			}
			return h(ctx, req)
		}))
	healthpb.RegisterHealthServer(s, health.NewServer())
	lis, _ := net.Listen("tcp", "127.0.0.1:0")
	go func() { _ = s.Serve(lis) }()
	defer s.Stop()

	// A client with the machine's key attaches M2M tokens to every call.
	// WithInsecureTransport is for this loopback example only.
	creds := clerkgrpc.NewM2MCredentials(c, clerkgrpc.WithInsecureTransport())
	conn, _ := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(creds))
	defer conn.Close()
	_, err = healthpb.NewHealthClient(conn).Check(context.Background(), &healthpb.HealthCheckRequest{})
	fmt.Println(status.Code(err))

	// A client without credentials.
	plain, _ := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	defer plain.Close()
	_, err = healthpb.NewHealthClient(plain).Check(context.Background(), &healthpb.HealthCheckRequest{})
	fmt.Println(status.Code(err))
	// Output:
	// call from true
	// OK
	// refused /grpc.health.v1.Health/Check No token in header
	// Unauthenticated
}
