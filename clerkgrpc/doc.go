// Package clerkgrpc authenticates gRPC calls with Clerk's tokens.
//
// On the server, [UnaryServerInterceptor] and [StreamServerInterceptor]
// read the `authorization` metadata ("Bearer <token>" or a bare token) and
// decide it with [clerk.Verifier.AuthenticateToken], the decision the
// root package's net/http middleware makes for a header token: session
// tokens, machine tokens (M2M tokens, API keys, OAuth access tokens) or
// both, as the verifier accepts them (clerk.WithAcceptedTokens). A call
// that is admitted carries its claims in its context ([Claims],
// [Machine]); any other fails with codes.Unauthenticated and no detail,
// its reason going to [OnRefused].
//
//	v, _ := clerk.NewVerifier(clerk.WithJWKSFromClient(c),
//		clerk.WithAcceptedTokens(clerk.TokenTypeM2MToken))
//	s := grpc.NewServer(
//		grpc.ChainUnaryInterceptor(clerkgrpc.UnaryServerInterceptor(v)),
//		grpc.ChainStreamInterceptor(clerkgrpc.StreamServerInterceptor(v)))
//
// On the client, [M2MCredentials] is a per-RPC credential that attaches an
// M2M token created through the Backend API with the machine's secret key,
// and creates a new one before it expires:
//
//	conn, _ := grpc.NewClient(target, grpc.WithTransportCredentials(tlsCreds),
//		grpc.WithPerRPCCredentials(clerkgrpc.NewM2MCredentials(machineClient)))
//
// The module is separate from github.com/gobapi/clerk so that users who do
// not use gRPC never download it.
package clerkgrpc
