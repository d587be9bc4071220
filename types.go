package clerk

import "github.com/gobapi/clerk/gen"

// The resource types of the Backend API, re-exported from the generated
// package so that the common jobs need only this import. They are aliases:
// a value of clerk.User is a gen.User.

// User is a Clerk user.
type User = gen.User

// Organization is a Clerk organization.
type Organization = gen.Organization

// OrganizationMembership links a user to an organization with a role.
type OrganizationMembership = gen.OrganizationMembership

// OrganizationInvitation is an invitation to join an organization.
type OrganizationInvitation = gen.OrganizationInvitation

// OrganizationDomain is an email domain attached to an organization.
type OrganizationDomain = gen.OrganizationDomain

// Session is a user's session on one Clerk client (device).
type Session = gen.Session

// ClientObject is the Clerk "client" resource: one browser or device with
// its sessions. It is named ClientObject because [Client] is this SDK's API
// client.
type ClientObject = gen.Client

// EmailAddress is an email address of a user.
type EmailAddress = gen.EmailAddress

// PhoneNumber is a phone number of a user.
type PhoneNumber = gen.PhoneNumber

// Invitation is an invitation to sign up for the application.
type Invitation = gen.Invitation

// JWKS is the instance's JSON Web Key Set, used to verify session tokens.
type JWKS = gen.JWKS

// JWTTemplate is a template for custom JWTs.
type JWTTemplate = gen.JWTTemplate

// SignInToken is a token that signs a user in without credentials.
type SignInToken = gen.SignInToken

// ActorToken is a token that lets an actor sign in as a user
// (impersonation).
type ActorToken = gen.ActorToken

// AllowlistIdentifier is an entry of the sign-up allow-list.
type AllowlistIdentifier = gen.AllowlistIdentifier

// BlocklistIdentifier is an entry of the sign-up block-list.
type BlocklistIdentifier = gen.BlocklistIdentifier

// DeletedObject is the response of a delete operation.
type DeletedObject = gen.DeletedObject

// TotalCount is the response of a count operation.
type TotalCount = gen.TotalCount

// ClerkErrors is Clerk's error envelope, as sent in non-2xx bodies. Calls
// return it parsed into an [*APIError].
type ClerkErrors = gen.ClerkErrors

// ClerkError is one entry of [ClerkErrors].
type ClerkError = gen.ClerkError
