package clerk

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBillingCalls(t *testing.T) {
	t.Parallel()
	fixture := func(name string) string {
		b, err := os.ReadFile("testdata/billing/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	adjust := &BillingCreditAdjustParams{Action: BillingCreditIncrease, Amount: 500, IdempotencyKey: "adj-7", Note: "goodwill"}
	tests := []struct {
		name, fixture, method, path, body string
		call                              func(c *Client) (any, error)
	}{
		{"user subscription", "subscription.json", "GET", "/v1/users/user_1/billing/subscription", "",
			func(c *Client) (any, error) { return c.Users.GetBillingSubscription(context.Background(), "user_1") }},
		{"user balance", "credit_balance.json", "GET", "/v1/users/user_1/billing/credits", "",
			func(c *Client) (any, error) { return c.Users.GetBillingCreditBalance(context.Background(), "user_1") }},
		{"user adjust", "credit_ledger.json", "POST", "/v1/users/user_1/billing/credits",
			`{"action":"increase","amount":500,"idempotency_key":"adj-7","note":"goodwill"}`,
			func(c *Client) (any, error) {
				return c.Users.AdjustBillingCreditBalance(context.Background(), "user_1", adjust)
			}},
		{"org subscription", "subscription.json", "GET", "/v1/organizations/org_1/billing/subscription", "",
			func(c *Client) (any, error) {
				return c.Organizations.GetBillingSubscription(context.Background(), "org_1")
			}},
		{"org balance", "credit_balance.json", "GET", "/v1/organizations/org_1/billing/credits", "",
			func(c *Client) (any, error) {
				return c.Organizations.GetBillingCreditBalance(context.Background(), "org_1")
			}},
		{"org adjust", "credit_ledger.json", "POST", "/v1/organizations/org_1/billing/credits",
			`{"action":"increase","amount":500,"idempotency_key":"adj-7","note":"goodwill"}`,
			func(c *Client) (any, error) {
				return c.Organizations.AdjustBillingCreditBalance(context.Background(), "org_1", adjust)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := fixture(tt.fixture)
			srv := newServer(t, jsonHandler(http.StatusOK, body))
			c, _ := newTestClient(t, srv)
			got, err := tt.call(c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := srv.requests()
			if len(reqs) != 1 || reqs[0].Method != tt.method || reqs[0].Path != tt.path {
				t.Fatalf("requests = %+v, want one %s %s", reqs, tt.method, tt.path)
			}
			if tt.body != "" {
				var want, sent any
				_ = json.Unmarshal([]byte(tt.body), &want)
				if err := json.Unmarshal([]byte(reqs[0].Body), &sent); err != nil {
					t.Fatalf("body %q: %v", reqs[0].Body, err)
				}
				if diff := cmp.Diff(want, sent); diff != "" {
					t.Errorf("body (-want +got):\n%s", diff)
				}
			}
			// The decoded value re-encodes to the fixture's content.
			var wantJSON, gotJSON any
			_ = json.Unmarshal([]byte(body), &wantJSON)
			enc, _ := json.Marshal(got)
			_ = json.Unmarshal(enc, &gotJSON)
			if diff := cmp.Diff(wantJSON, gotJSON); diff != "" {
				t.Errorf("decoded (-fixture +got):\n%s", diff)
			}
		})
	}
}

func TestBillingAdjustParamsRefused(t *testing.T) {
	t.Parallel()
	srv := newServer(t, jsonHandler(http.StatusOK, `{}`))
	c, _ := newTestClient(t, srv)
	for _, p := range []*BillingCreditAdjustParams{
		nil,
		{Amount: 1, IdempotencyKey: "k"},
		{Action: BillingCreditIncrease, IdempotencyKey: "k"},
		{Action: BillingCreditIncrease, Amount: -5, IdempotencyKey: "k"},
		{Action: BillingCreditDecrease, Amount: 5},
	} {
		if _, err := c.Users.AdjustBillingCreditBalance(context.Background(), "user_1", p); !errors.Is(err, ErrInvalidParams) {
			t.Errorf("%+v: err = %v, want ErrInvalidParams", p, err)
		}
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("refused params sent %d requests", n)
	}
}
