package clerk

import (
	"context"

	"github.com/gobapi/clerk/gen"
)

// PhoneNumbersService manages users' phone numbers one by one
// (/phone_numbers). Reach it as [Client].PhoneNumbers.
type PhoneNumbersService struct{ client *Client }

// PhoneNumberCreateParams are the settings of [PhoneNumbersService.Create].
type PhoneNumberCreateParams struct {
	// UserID is the user who gets the number. Required.
	UserID string
	// PhoneNumber is the number in E.164 format, such as "+15555550100".
	// Required.
	PhoneNumber string
	// Verified marks the number verified, skipping the code Clerk would
	// otherwise send.
	Verified bool
	// Primary makes it the user's primary number (the first number of a
	// user is primary anyway).
	Primary bool
	// ReservedForSecondFactor makes the number a second factor of the user
	// (SMS codes) rather than an identifier.
	ReservedForSecondFactor bool
}

// PhoneNumberUpdateParams are the changes of [PhoneNumbersService.Update];
// a nil field is left as it is.
type PhoneNumberUpdateParams struct {
	// Verified marks the number verified (true) or unverified (false).
	Verified *bool
	// Primary, when true, makes it the user's primary number.
	Primary *bool
	// ReservedForSecondFactor makes the number a second factor (true) or
	// not (false).
	ReservedForSecondFactor *bool
}

// Create adds a phone number to a user.
func (s *PhoneNumbersService) Create(ctx context.Context, params *PhoneNumberCreateParams) (*PhoneNumber, error) {
	if params == nil {
		return nil, &InvalidParamError{Param: "params", Reason: "must not be nil"}
	}
	if err := requireID("params.UserID", params.UserID); err != nil {
		return nil, err
	}
	if params.PhoneNumber == "" {
		return nil, &InvalidParamError{Param: "params.PhoneNumber", Reason: "must not be empty"}
	}
	body := gen.CreatePhoneNumberJSONRequestBody{UserID: params.UserID, PhoneNumber: params.PhoneNumber,
		Verified: optional(params.Verified), Primary: optional(params.Primary),
		ReservedForSecondFactor: optional(params.ReservedForSecondFactor)}
	resp, err := s.client.api.CreatePhoneNumber(ctx, body)
	return decode[gen.PhoneNumber]("create phone number", resp, err)
}

// Get returns the phone number with the given ID.
func (s *PhoneNumbersService) Get(ctx context.Context, phoneNumberID string) (*PhoneNumber, error) {
	if err := requireID("phoneNumberID", phoneNumberID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetPhoneNumber(ctx, phoneNumberID)
	return decode[gen.PhoneNumber]("get phone number", resp, err)
}

// Update changes the fields of the phone number that params sets.
func (s *PhoneNumbersService) Update(ctx context.Context, phoneNumberID string, params *PhoneNumberUpdateParams) (*PhoneNumber, error) {
	if err := requireID("phoneNumberID", phoneNumberID); err != nil {
		return nil, err
	}
	var body gen.UpdatePhoneNumberJSONRequestBody
	if params != nil {
		body.Verified = optNull(params.Verified)
		body.Primary = optNull(params.Primary)
		body.ReservedForSecondFactor = optNull(params.ReservedForSecondFactor)
	}
	resp, err := s.client.api.UpdatePhoneNumber(ctx, phoneNumberID, body)
	return decode[gen.PhoneNumber]("update phone number", resp, err)
}

// Delete removes the phone number from its user.
func (s *PhoneNumbersService) Delete(ctx context.Context, phoneNumberID string) (*DeletedObject, error) {
	if err := requireID("phoneNumberID", phoneNumberID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.DeletePhoneNumber(ctx, phoneNumberID)
	return decode[gen.DeletedObject]("delete phone number", resp, err)
}
