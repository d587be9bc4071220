package clerk

import (
	"context"

	"github.com/gobapi/clerk/gen"
)

// EmailAddressesService manages users' email addresses one by one
// (/email_addresses). Reach it as [Client].EmailAddresses.
type EmailAddressesService struct{ client *Client }

// EmailAddressCreateParams are the settings of
// [EmailAddressesService.Create].
type EmailAddressCreateParams struct {
	// UserID is the user who gets the address. Required.
	UserID string
	// EmailAddress is the address. Required.
	EmailAddress string
	// Verified marks the address verified, skipping the code Clerk would
	// otherwise send.
	Verified bool
	// Primary makes it the user's primary address (the first address of a
	// user is primary anyway).
	Primary bool
	// NotifyPrimaryEmailAddressChanged, with Primary, emails the user's
	// previous primary address about the change.
	NotifyPrimaryEmailAddressChanged bool
}

// EmailAddressUpdateParams are the changes of
// [EmailAddressesService.Update]; a nil field is left as it is.
type EmailAddressUpdateParams struct {
	// Verified marks the address verified (true) or unverified (false).
	Verified *bool
	// Primary, when true, makes it the user's primary address.
	Primary *bool
	// NotifyPrimaryEmailAddressChanged, with Primary, emails the user's
	// previous primary address about the change.
	NotifyPrimaryEmailAddressChanged *bool
}

// Create adds an email address to a user.
func (s *EmailAddressesService) Create(ctx context.Context, params *EmailAddressCreateParams) (*EmailAddress, error) {
	if params == nil {
		return nil, &InvalidParamError{Param: "params", Reason: "must not be nil"}
	}
	if err := requireID("params.UserID", params.UserID); err != nil {
		return nil, err
	}
	if params.EmailAddress == "" {
		return nil, &InvalidParamError{Param: "params.EmailAddress", Reason: "must not be empty"}
	}
	body := gen.CreateEmailAddressJSONRequestBody{UserID: params.UserID, EmailAddress: params.EmailAddress,
		Verified: optional(params.Verified), Primary: optional(params.Primary),
		NotifyPrimaryEmailAddressChanged: optional(params.NotifyPrimaryEmailAddressChanged)}
	resp, err := s.client.api.CreateEmailAddress(ctx, body)
	return decode[gen.EmailAddress]("create email address", resp, err)
}

// Get returns the email address with the given ID.
func (s *EmailAddressesService) Get(ctx context.Context, emailAddressID string) (*EmailAddress, error) {
	if err := requireID("emailAddressID", emailAddressID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetEmailAddress(ctx, emailAddressID)
	return decode[gen.EmailAddress]("get email address", resp, err)
}

// Update changes the fields of the email address that params sets.
func (s *EmailAddressesService) Update(ctx context.Context, emailAddressID string, params *EmailAddressUpdateParams) (*EmailAddress, error) {
	if err := requireID("emailAddressID", emailAddressID); err != nil {
		return nil, err
	}
	var body gen.UpdateEmailAddressJSONRequestBody
	if params != nil {
		body.Verified = optNull(params.Verified)
		body.Primary = optNull(params.Primary)
		body.NotifyPrimaryEmailAddressChanged = optNull(params.NotifyPrimaryEmailAddressChanged)
	}
	resp, err := s.client.api.UpdateEmailAddress(ctx, emailAddressID, body)
	return decode[gen.EmailAddress]("update email address", resp, err)
}

// Delete removes the email address from its user.
func (s *EmailAddressesService) Delete(ctx context.Context, emailAddressID string) (*DeletedObject, error) {
	if err := requireID("emailAddressID", emailAddressID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.DeleteEmailAddress(ctx, emailAddressID)
	return decode[gen.DeletedObject]("delete email address", resp, err)
}
