package clerktest

import "github.com/gobapi/clerk/gen"

// sessionList is the answer to GET /sessions: the bare array Clerk's spec
// documents, or, when the request asked for paginated=true, the page with
// the total count that Clerk actually serves then.
func sessionList(paginated *bool, data []gen.Session, total int) (gen.SessionListResponse, error) {
	var out gen.SessionListResponse
	if paginated != nil && *paginated {
		return out, out.FromPaginatedSessionList(gen.PaginatedSessionList{Data: data, TotalCount: int64(total)})
	}
	return out, out.FromSessionListResponse0(data)
}
