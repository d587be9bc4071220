package clerk

import "github.com/gobapi/clerk/gen"

// Client is a TEMPORARY stand-in for the client being built in another
// worktree; drop this file when that code is merged.
type Client struct{ api *gen.ClientWithResponses }

// API returns the generated client.
func (c *Client) API() *gen.ClientWithResponses { return c.api }
