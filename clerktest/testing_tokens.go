package clerktest

import (
	"context"
	"strconv"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
)

// testingTokenLifetime is how long a testing token lasts.
const testingTokenLifetime = time.Hour

// CreateTestingToken issues a testing token, the value end-to-end tests
// pass as __clerk_testing_token to the Frontend API to get past bot
// protection. The fake has no Frontend API; [Server.IsTestingToken] tells
// whether a value is one of its unexpired tokens.
func (a *api) CreateTestingToken(_ context.Context, _ bapiserver.CreateTestingTokenRequestObject) (bapiserver.CreateTestingTokenResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	token := strconv.FormatInt(now.Unix(), 10) + "-c_" + randomString(43) // Clerk's shape
	exp := now.Add(testingTokenLifetime)
	s.db.more.testing[token] = exp
	return bapiserver.CreateTestingToken200JSONResponse{Object: "testing_token", Token: token, ExpiresAt: exp.Unix()}, nil
}

// IsTestingToken reports whether token is a testing token the server
// issued that has not expired by its clock.
func (s *Server) IsTestingToken(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.db.more.testing[token]
	return ok && s.now().Before(exp)
}
