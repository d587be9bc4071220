package clerktest

import (
	"context"
	"strconv"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// testingTokenLifetime is how long a testing token lasts, as Clerk's do.
const testingTokenLifetime = time.Hour

// CreateTestingToken issues a testing token for bypassing bot protection
// in end-to-end tests: "<unix seconds>-<random>", expiring an hour later
// (expires_at is in Unix seconds, as Clerk's). The fake has no Frontend
// API to check it; it is for code that fetches one before a test run.
func (a *api) CreateTestingToken(context.Context, bapiserver.CreateTestingTokenRequestObject) (bapiserver.CreateTestingTokenResponseObject, error) {
	now := a.s.now()
	return bapiserver.CreateTestingToken200JSONResponse(gen.TestingToken{
		Object:    "testing_token",
		Token:     strconv.FormatInt(now.Unix(), 10) + "-" + randomString(40),
		ExpiresAt: now.Add(testingTokenLifetime).Unix(),
	}), nil
}
