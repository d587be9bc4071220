package clerk

import (
	"errors"
	"go/ast"
	"go/types"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/gobapi/clerk/gen"
)

// resultCase is one result type of decode: a body that is that resource
// and bodies that decode but are not it.
type resultCase struct {
	decode func(body string) error // decode[T] on a 200 JSON response
	valid  string
	// hostile are refused with ErrUnexpectedResponse. null is always
	// added.
	hostile []string
}

func resultCaseOf[T any](valid string, hostile ...string) resultCase {
	return resultCase{
		decode: func(body string) error {
			resp := &http.Response{
				StatusCode: http.StatusOK,
				Header:     http.Header{"Content-Type": {"application/json"}},
				Body:       io.NopCloser(strings.NewReader(body)),
			}
			_, err := decode[T]("test", resp, nil)
			return err
		},
		valid:   valid,
		hostile: append(hostile, "null", " \r\n\tnull"),
	}
}

// resultCases covers every type the facades decode, by its spelling at the
// call sites. TestCheckResultCoversDecode fails when a call site decodes a
// type missing here.
func resultCases() map[string]resultCase {
	obj := func(o string) string { return `{"object":"` + o + `","id":"x_1"}` }
	list := func(o string) string { return `{"data":[` + obj(o) + `],"total_count":1}` }
	envelope := []string{`{}`, `{"data":null,"total_count":3}`, `{"data":[{}],"total_count":1}`}
	return map[string]resultCase{
		"gen.User":                         resultCaseOf[gen.User](obj("user"), `{}`, `{"object":"user","id":""}`),
		"gen.Session":                      resultCaseOf[gen.Session](obj("session"), `{}`),
		"gen.Organization":                 resultCaseOf[gen.Organization](obj("organization"), `{}`),
		"gen.OrganizationWithLogo":         resultCaseOf[gen.OrganizationWithLogo](obj("organization"), `{}`),
		"gen.OrganizationMembership":       resultCaseOf[gen.OrganizationMembership](obj("organization_membership"), `{}`),
		"gen.OrganizationInvitation":       resultCaseOf[gen.OrganizationInvitation](obj("organization_invitation"), `{}`),
		"gen.OrganizationDomain":           resultCaseOf[gen.OrganizationDomain](obj("organization_domain"), `{}`),
		"gen.TrustedDevice":                resultCaseOf[gen.TrustedDevice](obj("trusted_device"), `{}`),
		"gen.CommerceSubscription":         resultCaseOf[gen.CommerceSubscription](obj("commerce_subscription"), `{}`),
		"gen.CommerceCreditLedgerResponse": resultCaseOf[gen.CommerceCreditLedgerResponse](obj("commerce_credit_ledger"), `{}`),

		"[]gen.User":                  resultCaseOf[[]gen.User](`[]`, `[{}]`, `[{"object":"user","id":"user_1"},{"object":"user"}]`),
		"[]gen.Session":               resultCaseOf[[]gen.Session](`[`+obj("session")+`]`, `[{}]`),
		"gen.JWTTemplate":             resultCaseOf[gen.JWTTemplate](obj("jwt_template"), `{}`),
		"gen.SignInToken":             resultCaseOf[gen.SignInToken](obj("sign_in_token"), `{}`),
		"gen.EmailAddress":            resultCaseOf[gen.EmailAddress](obj("email_address"), `{}`),
		"gen.PhoneNumber":             resultCaseOf[gen.PhoneNumber](obj("phone_number"), `{}`),
		"[]gen.JWTTemplate":           resultCaseOf[[]gen.JWTTemplate](`[`+obj("jwt_template")+`]`, `[{}]`, `null`),
		"gen.Organizations":           resultCaseOf[gen.Organizations](list("organization"), envelope...),
		"gen.OrganizationMemberships": resultCaseOf[gen.OrganizationMemberships](list("organization_membership"), envelope...),
		"gen.OrganizationInvitations": resultCaseOf[gen.OrganizationInvitations](`{"data":[],"total_count":0}`, envelope...),
		"gen.OrganizationDomains":     resultCaseOf[gen.OrganizationDomains](list("organization_domain"), envelope...),
		"gen.TrustedDevices":          resultCaseOf[gen.TrustedDevices](list("trusted_device"), envelope...),
		"gen.OAuthAccessToken":        resultCaseOf[gen.OAuthAccessToken](`[{"object":"oauth_access_token","token":"t"}]`, `[{}]`),
		"gen.DeletedObject":           resultCaseOf[gen.DeletedObject](`{"object":"user","id":"user_1","deleted":true}`, `{}`),
		"gen.TotalCount":              resultCaseOf[gen.TotalCount](`{"object":"total_count","total_count":0}`, `{}`),
		"gen.JWKS":                    resultCaseOf[gen.JWKS](`{"keys":[]}`, `{}`, `{"keys":null}`),
		"gen.PasswordVerification":    resultCaseOf[gen.PasswordVerification](`{"verified":false}`, `{}`),
		"gen.TOTPVerification":        resultCaseOf[gen.TOTPVerification](`{"verified":true,"code_type":"totp"}`, `{}`),
		"gen.CommerceCreditBalanceResponse": resultCaseOf[gen.CommerceCreditBalanceResponse](
			`{"object":"commerce_credit_balance","balance":null}`, `{}`),
		"gen.OrganizationInvitationsWithPublicOrganizationData": resultCaseOf[gen.OrganizationInvitationsWithPublicOrganizationData](
			list("organization_invitation"), envelope...),
		// Their facades check what the result must hold (a JWT, a token or
		// cookies): decode refuses only null.
		"gen.SessionRefresh": resultCaseOf[gen.SessionRefresh](`{"object":"token","jwt":"j"}`),
		"gen.SessionToken":   resultCaseOf[gen.SessionToken](`{"object":"token","jwt":"j"}`),
	}
}

func TestCheckResult(t *testing.T) {
	t.Parallel()
	for name, tt := range resultCases() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := tt.decode(tt.valid); err != nil {
				t.Errorf("valid body %s: %v", tt.valid, err)
			}
			for _, body := range tt.hostile {
				err := tt.decode(body)
				var de *DecodeError
				if !errors.Is(err, ErrUnexpectedResponse) || !errors.As(err, &de) {
					t.Errorf("body %q: err = %v, want a *DecodeError wrapping ErrUnexpectedResponse", body, err)
				}
			}
		})
	}
}

// TestCheckResultCoversDecode reads the package's sources and fails when a
// facade calls decode with a result type that resultCases, and so
// checkResult, may not know.
func TestCheckResultCoversDecode(t *testing.T) {
	t.Parallel()
	cases := resultCases()
	fset, files := parseSources(t, 0)
	var missing []string
	seen := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			ix, ok := n.(*ast.IndexExpr)
			if !ok {
				return true
			}
			if id, ok := ix.X.(*ast.Ident); !ok || id.Name != "decode" && id.Name != "decodeInto" {
				return true
			}
			typ := types.ExprString(ix.Index)
			seen[typ] = true
			if _, ok := cases[typ]; !ok {
				missing = append(missing, fset.Position(ix.Pos()).String()+": decode["+typ+"]")
			}
			return true
		})
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		t.Errorf("result types without a case in resultCases (add one, and a check in checkResult):\n%s", strings.Join(missing, "\n"))
	}
	if len(seen) < 20 {
		t.Errorf("found only %d decode call types; is the scan broken?", len(seen))
	}
}

// TestCheckResultAllocs: on a body that is the resource, the check
// allocates nothing.
func TestCheckResultAllocs(t *testing.T) {
	u := &gen.User{ID: "user_1"}
	users := &[]gen.User{{ID: "user_1"}, {ID: "user_2"}}
	orgs := &gen.Organizations{Data: []gen.Organization{{ID: "org_1"}}}
	body := []byte(` {"object":"user","id":"user_1"}`)
	if n := testing.AllocsPerRun(100, func() {
		if checkResult(u, body) != nil || checkResult(users, body) != nil || checkResult(orgs, body) != nil {
			t.Fatal("refused a valid result")
		}
	}); n != 0 {
		t.Errorf("checkResult allocates %v times per call, want 0", n)
	}
}
