package clerk

import (
	"context"

	"github.com/gobapi/clerk/gen"
)

// BillingSubscription is the billing subscription of a user or an
// organization, with its items and next payment.
type BillingSubscription = gen.CommerceSubscription

// BillingCreditBalance is the credit balance of a user or an organization.
// Balance is nil when no credit was ever granted.
type BillingCreditBalance = gen.CommerceCreditBalanceResponse

// BillingCreditLedgerEntry records one adjustment of a credit balance.
type BillingCreditLedgerEntry = gen.CommerceCreditLedgerResponse

// BillingCreditAction says whether an adjustment adds or takes credit.
type BillingCreditAction = gen.AdjustCreditBalanceRequestAction

// The two directions of a credit adjustment.
const (
	BillingCreditIncrease = gen.AdjustCreditBalanceRequestActionIncrease
	BillingCreditDecrease = gen.AdjustCreditBalanceRequestActionDecrease
)

// BillingCreditAdjustParams adjust a credit balance
// ([UsersService.AdjustBillingCreditBalance],
// [OrganizationsService.AdjustBillingCreditBalance]).
type BillingCreditAdjustParams struct {
	// Action is BillingCreditIncrease or BillingCreditDecrease. Required.
	Action BillingCreditAction
	// Amount is the adjustment in the currency's smallest unit (cents).
	// Required, positive.
	Amount int64
	// IdempotencyKey makes the adjustment safe to send again: Clerk applies
	// one adjustment per key. Required; reuse the same key when you retry
	// after an error that left the outcome unknown.
	IdempotencyKey string
	// Currency is an ISO 4217 code; empty means the instance's currency.
	Currency string
	// Note is kept on the ledger entry.
	Note string
}

func (p *BillingCreditAdjustParams) toGen() (gen.AdjustCreditBalanceRequest, error) {
	switch {
	case p == nil:
		return gen.AdjustCreditBalanceRequest{}, &InvalidParamError{Param: "params", Reason: "must not be nil"}
	case p.Action != BillingCreditIncrease && p.Action != BillingCreditDecrease:
		return gen.AdjustCreditBalanceRequest{}, &InvalidParamError{Param: "Action", Reason: `must be "increase" or "decrease"`}
	case p.Amount <= 0:
		return gen.AdjustCreditBalanceRequest{}, &InvalidParamError{Param: "Amount", Reason: "must be positive"}
	case p.IdempotencyKey == "":
		return gen.AdjustCreditBalanceRequest{}, &InvalidParamError{Param: "IdempotencyKey", Reason: "must not be empty"}
	}
	return gen.AdjustCreditBalanceRequest{
		Action:         p.Action,
		Amount:         p.Amount,
		IdempotencyKey: p.IdempotencyKey,
		Currency:       optString(p.Currency),
		Note:           optString(p.Note),
	}, nil
}

// GetBillingSubscription fetches the billing subscription of a user
// (GET /users/{user_id}/billing/subscription).
func (s *UsersService) GetBillingSubscription(ctx context.Context, userID string) (*BillingSubscription, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetUserBillingSubscription(ctx, userID)
	return decode[gen.CommerceSubscription]("get user billing subscription", resp, err)
}

// GetBillingCreditBalance fetches the credit balance of a user
// (GET /users/{user_id}/billing/credits).
func (s *UsersService) GetBillingCreditBalance(ctx context.Context, userID string) (*BillingCreditBalance, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetUserBillingCreditBalance(ctx, userID)
	return decode[gen.CommerceCreditBalanceResponse]("get user billing credit balance", resp, err)
}

// AdjustBillingCreditBalance adds credit to or takes credit from a user
// (POST /users/{user_id}/billing/credits). Like every POST it is not
// retried after the request may have reached Clerk; the idempotency key
// makes it safe for the caller to send it again.
func (s *UsersService) AdjustBillingCreditBalance(ctx context.Context, userID string, params *BillingCreditAdjustParams) (*BillingCreditLedgerEntry, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.AdjustUserBillingCreditBalance(ctx, userID, body)
	return decode[gen.CommerceCreditLedgerResponse]("adjust user billing credit balance", resp, err)
}

// GetBillingSubscription fetches the billing subscription of an
// organization (GET /organizations/{organization_id}/billing/subscription).
func (s *OrganizationsService) GetBillingSubscription(ctx context.Context, organizationID string) (*BillingSubscription, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetOrganizationBillingSubscription(ctx, organizationID)
	return decode[gen.CommerceSubscription]("get organization billing subscription", resp, err)
}

// GetBillingCreditBalance fetches the credit balance of an organization
// (GET /organizations/{organization_id}/billing/credits).
func (s *OrganizationsService) GetBillingCreditBalance(ctx context.Context, organizationID string) (*BillingCreditBalance, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetOrganizationBillingCreditBalance(ctx, organizationID)
	return decode[gen.CommerceCreditBalanceResponse]("get organization billing credit balance", resp, err)
}

// AdjustBillingCreditBalance adds credit to or takes credit from an
// organization (POST /organizations/{organization_id}/billing/credits). See
// [UsersService.AdjustBillingCreditBalance] for retries and the idempotency
// key.
func (s *OrganizationsService) AdjustBillingCreditBalance(ctx context.Context, organizationID string, params *BillingCreditAdjustParams) (*BillingCreditLedgerEntry, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.AdjustOrganizationBillingCreditBalance(ctx, organizationID, body)
	return decode[gen.CommerceCreditLedgerResponse]("adjust organization billing credit balance", resp, err)
}
