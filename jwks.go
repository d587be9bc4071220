package clerk

import (
	"context"

	"github.com/gobapi/clerk/gen"
)

// JWKS fetches the instance's JSON Web Key Set (GET /jwks), the public keys
// that sign its session tokens. Clerk does not rate-limit this endpoint.
func (c *Client) JWKS(ctx context.Context) (*JWKS, error) {
	resp, err := c.api.GetJWKS(ctx)
	return decode[gen.JWKS]("get JWKS", resp, err)
}
