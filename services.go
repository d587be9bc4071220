package clerk

// UsersService groups the operations on Clerk users (/users). Reach it as
// [Client].Users.
type UsersService struct{ client *Client }

// OrganizationsService groups the operations on Clerk organizations
// (/organizations) and their memberships, invitations and domains. Reach it
// as [Client].Organizations.
type OrganizationsService struct{ client *Client }

// SessionsService groups the operations on Clerk sessions (/sessions).
// Reach it as [Client].Sessions.
type SessionsService struct{ client *Client }
