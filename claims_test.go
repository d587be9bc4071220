package clerk

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// workedExample is the payload of verify-semantics.md §4.4.
func workedExample() map[string]any {
	return with(baseClaims(),
		"sub", "user_123", "sid", "sess_123", "iss", "https://clerk.example.com", "azp", "https://example.com",
		"fea", "o:dashboard,o:impersonation,u:analytics,uo:reports", "pla", "u:free,o:pro",
		"o", map[string]any{"id": "org_123", "slg": "acme", "rol": "admin", "per": "read,manage,delete", "fpm": "3,2,7,1"},
		"fva", []int{7, -1},
		"act", map[string]any{"sub": "user_admin", "iss": "https://dashboard.clerk.com", "sid": "sess_456"})
}

func verifyClaims(t *testing.T, claims map[string]any) *SessionClaims {
	t.Helper()
	v := newPEMVerifier(t)
	c, err := v.Verify(context.Background(), mint(t, testKeyA(), baseHeader(), claims))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWorkedPermissionsExample(t *testing.T) {
	t.Parallel()
	c := verifyClaims(t, workedExample())
	want := []string{"org:dashboard:read", "org:dashboard:manage", "org:impersonation:manage", "org:reports:read", "org:reports:manage", "org:reports:delete"}
	if diff := cmp.Diff(want, c.Org.Permissions()); diff != "" {
		t.Errorf("permissions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff("org:admin", c.Org.Role); diff != "" {
		t.Errorf("role (-want +got):\n%s", diff)
	}
	fresh := func(f1, f2 float64) *SessionClaims {
		cp := *c
		cp.FactorVerificationAge = FactorVerificationAge{f1, f2, true}
		return &cp
	}
	tests := []struct {
		name   string
		claims *SessionClaims
		check  Check
		want   bool
	}{
		{"role with prefix", c, Check{Role: "org:admin"}, true},
		{"role without prefix", c, Check{Role: "admin"}, true},
		{"permission not granted", c, Check{Permission: "org:dashboard:delete"}, false},
		{"permission without prefix", c, Check{Permission: "dashboard:read"}, true},
		{"role AND permission", c, Check{Role: "admin", Permission: "org:dashboard:delete"}, false},
		{"feature any scope", c, Check{Feature: "analytics"}, true},
		{"feature org scope", c, Check{Feature: "o:analytics"}, false},
		{"feature user scope", c, Check{Feature: "user:dashboard"}, false},
		{"feature bad scope", c, Check{Feature: "bad:scope"}, false},
		{"plan", c, Check{Plan: "pro"}, true},
		{"plan user scope", c, Check{Plan: "u:pro"}, false},
		{"strict", c, Check{Reverification: &ReverifyStrict}, true},
		{"first factor too old", c, Check{Reverification: &Reverification{Level: "first_factor", AfterMinutes: 5}}, false},
		{"bogus level", c, Check{Reverification: &Reverification{Level: "bogus", AfterMinutes: 5}}, false},
		{"empty check", c, Check{}, false},
		{"strict with both factors", fresh(30, 2), Check{Reverification: &ReverifyStrict}, true},
		{"strict_mfa with old first factor", fresh(30, 2), Check{Reverification: &ReverifyStrictMFA}, false},
		{"no user", &SessionClaims{}, Check{Role: "admin"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.claims.Has(tt.check)); diff != "" {
				t.Errorf("Has(%+v) (-want +got):\n%s", tt.check, diff)
			}
		})
	}
}

func TestClaimsVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		claims    map[string]any
		wantOrg   OrgClaims
		wantPerms []string
		has       Check
	}{
		{"v1", with(baseClaims(), "v", nil, "o", nil, "org_id", "org_1", "org_role", "org:member", "org_slug", "one", "org_permissions", []string{"org:posts:create"}),
			OrgClaims{ID: "org_1", Slug: "one", Role: "org:member"}, []string{"org:posts:create"}, Check{Role: "member", Permission: "posts:create"}},
		{"v2 user feature first", with(baseClaims(), "fea", "u:impersonation,o:repositories", "o", map[string]any{"id": "org_1", "rol": "member", "per": "read,manage", "fpm": "3"}),
			OrgClaims{ID: "org_1", Role: "org:member"}, []string{"org:repositories:read", "org:repositories:manage"}, Check{Permission: "repositories:manage"}},
		{"v2 fpm beyond 64 bits (2^65)", with(baseClaims(), "fea", "o:a", "o", map[string]any{"id": "org_1", "rol": "x", "per": "p0,p1,p2,p3,p4,p5,p6,p7,p8,p9,p10,p11,p12,p13,p14,p15,p16,p17,p18,p19,p20,p21,p22,p23,p24,p25,p26,p27,p28,p29,p30,p31,p32,p33,p34,p35,p36,p37,p38,p39,p40,p41,p42,p43,p44,p45,p46,p47,p48,p49,p50,p51,p52,p53,p54,p55,p56,p57,p58,p59,p60,p61,p62,p63,p64,p65", "fpm": "36893488147419103232"}),
			OrgClaims{ID: "org_1", Role: "org:x"}, []string{"org:a:p65"}, Check{Permission: "a:p65"}},
		{"v2 no org", with(baseClaims(), "o", nil), OrgClaims{}, nil, Check{Feature: "analytics"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := verifyClaims(t, tt.claims)
			if diff := cmp.Diff(tt.wantOrg, c.Org, cmp.AllowUnexported(OrgClaims{}), cmp.FilterPath(func(p cmp.Path) bool {
				sf, ok := p.Last().(cmp.StructField)
				return ok && sf.Name() != "ID" && sf.Name() != "Slug" && sf.Name() != "Role"
			}, cmp.Ignore())); diff != "" {
				t.Errorf("org (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPerms, c.Org.Permissions()); diff != "" {
				t.Errorf("permissions (-want +got):\n%s", diff)
			}
			if !c.Has(tt.has) {
				t.Errorf("Has(%+v) = false", tt.has)
			}
		})
	}
}

func TestDecimalBits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []bool
	}{
		{"3", []bool{true, true}},
		{"0", nil},
		{"007", []bool{true, true, true}},
		{"36893488147419103232", append(make([]bool, 65), true)},
		{"-1", nil},
		{"1.5", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, decimalBits(tt.in)); diff != "" {
			t.Errorf("decimalBits(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestCacheReturnsCopiesAndRechecksTimes(t *testing.T) {
	t.Parallel()
	clk := &clock{t: testNow}
	v := newPEMVerifier(t, WithClock(clk.now))
	tok := mint(t, testKeyA(), baseHeader(), workedExample())
	c1, err := v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	c1.UserID = "user_evil"
	c1.Actor.Subject = "user_evil"
	c2, err := v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	if c2.UserID != "user_123" || c2.Actor.Subject != "user_admin" {
		t.Fatalf("cache poisoned: %q %q", c2.UserID, c2.Actor.Subject)
	}
	if v.cache.len() != 1 {
		t.Fatalf("cache len %d", v.cache.len())
	}
	clk.add(65 * time.Second)
	if _, err := v.Verify(context.Background(), tok); ReasonOf(err) != "token-expired" {
		t.Fatalf("cached expired token: %v", err)
	}
	// Tokens over 4 KiB are never cached.
	big := mint(t, testKeyA(), baseHeader(), with(workedExample(), "pad", strings.Repeat("x", 5000), "exp", clk.now().Unix()+60))
	if _, err := v.Verify(context.Background(), big); err != nil {
		t.Fatal(err)
	}
	if v.cache.len() != 1 {
		t.Fatalf("big token cached: len %d", v.cache.len())
	}
}

func TestCacheLRUBoundAndConcurrency(t *testing.T) {
	t.Parallel()
	c := newTokenCache(3)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				k := fmt.Sprint(g, "-", i%5)
				c.put(k, &SessionClaims{UserID: k})
				if got, ok := c.get(k); ok && got.UserID != k {
					t.Errorf("got %q for %q", got.UserID, k)
				}
			}
		}()
	}
	wg.Wait()
	if c.len() != 3 {
		t.Fatalf("len = %d, want 3", c.len())
	}
	c.put("x", &SessionClaims{UserID: "x"})
	c.put("y", &SessionClaims{UserID: "y"})
	c.get("x")
	c.put("z", &SessionClaims{UserID: "z"})
	c.put("w", &SessionClaims{UserID: "w"}) // evicts y, the least recently used
	if _, ok := c.get("y"); ok {
		t.Error("y not evicted")
	}
	for _, k := range []string{"x", "z", "w"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
}
