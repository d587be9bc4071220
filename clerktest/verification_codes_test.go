package clerktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// TestCodeVerification: prepare, wrong codes counted (the third fails),
// the right code verifies the address once, and a late code expires.
func TestCodeVerification(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s, c := newClient(t, clerktest.WithClock(clock.now))
	ctx := context.Background()
	api := bapi.New(c)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{Username: clerk.Ptr("verifier")})
	ea, err := c.EmailAddresses.Create(ctx, &clerk.EmailAddressCreateParams{UserID: u.ID, EmailAddress: "v@example.com"})
	if err != nil {
		t.Fatal(err)
	}

	prep, err := api.PrepareEmailAddressVerificationWithResponse(ctx, ea.ID)
	if err != nil || prep.JSON200 == nil || *prep.JSON200.Status != "unverified" || *prep.JSON200.Strategy != "email_code" {
		t.Fatalf("prepare: %+v, %v", prep, err)
	}
	vid := *prep.JSON200.ID
	code, ok := s.VerificationCode(vid)
	if !ok || len(code) != 6 {
		t.Fatalf("code %q %v", code, ok)
	}
	wrong, err := api.AttemptEmailAddressVerificationWithResponse(ctx, ea.ID, gen.AttemptEmailAddressVerificationJSONRequestBody{VerificationID: vid, Code: "x"})
	if err != nil || *wrong.JSON200.Status != "unverified" || *wrong.JSON200.Attempts != 1 {
		t.Fatalf("wrong code: %+v, %v", wrong.JSON200, err)
	}
	right, err := api.AttemptEmailAddressVerificationWithResponse(ctx, ea.ID, gen.AttemptEmailAddressVerificationJSONRequestBody{VerificationID: vid, Code: code})
	if err != nil || *right.JSON200.Status != "verified" {
		t.Fatalf("right code: %+v, %v", right.JSON200, err)
	}
	if got, _ := c.EmailAddresses.Get(ctx, ea.ID); got.Verification == nil {
		t.Error("address not verified")
	}
	_, err = api.AttemptEmailAddressVerification(ctx, ea.ID, gen.AttemptEmailAddressVerificationJSONRequestBody{VerificationID: vid, Code: code})
	apiErr(t, err, 400, "verification_already_verified")

	pn, err := c.PhoneNumbers.Create(ctx, &clerk.PhoneNumberCreateParams{UserID: u.ID, PhoneNumber: "+15555550123"})
	if err != nil {
		t.Fatal(err)
	}
	pp, err := api.PreparePhoneNumberVerificationWithResponse(ctx, pn.ID)
	if err != nil || *pp.JSON200.Strategy != "phone_code" || *pp.JSON200.Channel != "sms" {
		t.Fatalf("prepare phone: %+v, %v", pp.JSON200, err)
	}
	body := gen.AttemptPhoneNumberVerificationJSONRequestBody{VerificationID: *pp.JSON200.ID, Code: "000000x"}
	var last *gen.VerificationAttempt
	for range 3 {
		r, err := api.AttemptPhoneNumberVerificationWithResponse(ctx, pn.ID, body)
		if err != nil {
			t.Fatal(err)
		}
		last = r.JSON200
	}
	if *last.Status != "failed" {
		t.Errorf("after three wrong codes: %+v", last)
	}
	pp, _ = api.PreparePhoneNumberVerificationWithResponse(ctx, pn.ID)
	code, _ = s.VerificationCode(*pp.JSON200.ID)
	clock.advance(11 * time.Minute)
	late, err := api.AttemptPhoneNumberVerificationWithResponse(ctx, pn.ID, gen.AttemptPhoneNumberVerificationJSONRequestBody{VerificationID: *pp.JSON200.ID, Code: code})
	if err != nil || *late.JSON200.Status != "expired" {
		t.Fatalf("late code: %+v, %v", late.JSON200, err)
	}
	if got, _ := c.PhoneNumbers.Get(ctx, pn.ID); got.Verification != nil {
		t.Error("phone verified by an expired code")
	}
	_, err = api.AttemptPhoneNumberVerification(ctx, pn.ID, gen.AttemptPhoneNumberVerificationJSONRequestBody{VerificationID: "ver_missing", Code: "1"})
	apiErr(t, err, 404, "resource_not_found")
}
