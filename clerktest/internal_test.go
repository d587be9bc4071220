package clerktest

import (
	"context"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// TestEveryOperationIsRouted checks that each of the spec's operations has
// a route, either to the dispatcher of the generated strict interface or to
// the 501 answer, and that every implemented operation is routed.
func TestEveryOperationIsRouted(t *testing.T) {
	s := NewServer(t)
	routed := map[string]bool{}
	for p, op := range s.patterns {
		if s.ops[op] == nil && !s.notImpl[op] {
			t.Errorf("pattern %q maps to unknown operation %q", p, op)
		}
		routed[op] = true
	}
	want := reflect.TypeFor[bapiserver.StrictServerInterface]().NumMethod()
	if len(s.ops) != want || len(routed) != len(specRoutes) || len(s.ops)+len(s.notImpl) != len(specRoutes) {
		t.Errorf("%d operations implemented (strict server: %d), %d answered 501, %d routed; the spec has %d",
			len(s.ops), want, len(s.notImpl), len(routed), len(specRoutes))
	}
}

// TestImplementedOperations keeps the implemented list honest: the strict
// server is generated for exactly the operations in it
// (internal/bapiserver/server.cfg.yaml), and every other operation of the
// spec answers 501 clerktest_not_implemented over HTTP.
func TestImplementedOperations(t *testing.T) {
	s := NewServer(t)
	impl := implementedOperations()
	it := reflect.TypeFor[bapiserver.StrictServerInterface]()
	var strict []string
	for i := range it.NumMethod() {
		strict = append(strict, it.Method(i).Name)
	}
	slices.Sort(strict)
	if !slices.Equal(strict, impl) {
		t.Errorf("the strict server has %d operations, the implemented list %d: regenerate with the list's operationIds in server.cfg.yaml\nstrict: %v\nlisted: %v",
			len(strict), len(impl), strict, impl)
	}
	wildcard := regexp.MustCompile(`\{[^}]+\}`)
	for _, r := range specRoutes {
		if slices.Contains(impl, r.name) {
			continue
		}
		req, _ := http.NewRequest(r.method, s.URL+wildcard.ReplaceAllString(r.path, "x_1"), nil)
		req.Header.Set("Authorization", "Bearer "+s.SecretKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 501 || !strings.Contains(string(body), `"clerktest_not_implemented"`) || !strings.Contains(string(body), r.name) {
			t.Errorf("%s %s (%s) = %d %s, want 501 clerktest_not_implemented", r.method, r.path, r.name, resp.StatusCode, body)
		}
	}
}

func TestMergeMetadata(t *testing.T) {
	base := map[string]any{"a": 1, "n": map[string]any{"x": 1, "y": 2}, "s": "keep"}
	got := mergeMetadata(base, map[string]any{"a": nil, "n": map[string]any{"y": nil, "z": 3}, "new": map[string]any{"k": nil, "v": 1}})
	want := map[string]any{"n": map[string]any{"x": 1, "z": 3}, "s": "keep", "new": map[string]any{"v": 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("merge = %v, want %v", got, want)
	}
	if _, ok := base["a"]; !ok {
		t.Error("merge changed its input")
	}
}

func TestEncodeOrgPermissions(t *testing.T) {
	o, fea := encodeOrg(&TokenOrg{ID: "org_1", Role: "admin", Permissions: []string{
		"org:dashboard:read", "org:dashboard:manage", "org:impersonation:manage", "org:reports:read", "org:reports:manage", "org:reports:delete",
	}})
	want := map[string]any{"id": "org_1", "rol": "admin", "per": "read,manage,delete", "fpm": "3,2,7"}
	if !reflect.DeepEqual(o, want) || !slices.Equal(fea, []string{"o:dashboard", "o:impersonation", "o:reports"}) {
		t.Errorf("o = %v, fea = %v", o, fea)
	}
}

// TestEnumTable checks that the generated enum table is read, and names
// the types of the package checkEnum expects.
func TestEnumTable(t *testing.T) {
	if got := reflect.TypeFor[gen.ActorTokenStatus]().PkgPath(); got != genPkgPath {
		t.Fatalf("gen's path is %q, checkEnum expects %q", got, genPkgPath)
	}
	if n := len(enumSets()); n < 200 {
		t.Errorf("enumTable has %d types, the spec has over 200 string enums", n)
	}
	status := reflect.TypeFor[gen.ActorTokenStatus]()
	if e := checkEnum(status, "revoked", "status"); e != nil {
		t.Errorf("a listed value is refused: %v", e)
	}
	if e := checkEnum(status, "maybe", "status"); e == nil {
		t.Error("a value the spec does not list is accepted")
	}
	if e := checkEnum(reflect.TypeFor[string](), "maybe", "name"); e != nil {
		t.Errorf("a plain string is refused: %v", e)
	}
}

// fakeResponse is a response object for TestOperationHandlerShapes.
type fakeResponse interface {
	FakeStatus() int
}

// TestOperationHandlerShapes checks that the dispatcher refuses, when the
// server starts, an operation whose request object it could not bind,
// rather than failing on the first request.
func TestOperationHandlerShapes(t *testing.T) {
	type goodParams struct {
		Limit *int     `form:"limit,omitempty"`
		IDs   []string `form:"id,omitempty"`
		On    bool     `form:"on"`
	}
	good := func(context.Context, struct {
		UserID string `json:"user_id"`
		Params goodParams
	}) (fakeResponse, error) {
		return nil, nil
	}
	if _, err := newOperationHandler("Fake", reflect.ValueOf(good), nil); err != nil {
		t.Errorf("a bindable operation is refused: %v", err)
	}
	for name, fn := range map[string]any{
		"map parameter": func(context.Context, struct {
			Params struct {
				M map[string]string `form:"m"`
			}
		}) (fakeResponse, error) {
			return nil, nil
		},
		"untagged field":   func(context.Context, struct{ Other int }) (fakeResponse, error) { return nil, nil },
		"no error result":  func(context.Context, struct{}) (fakeResponse, bool) { return nil, false },
		"no Status method": func(context.Context, struct{}) (any, error) { return nil, nil },
		"Status of another type": func(context.Context, struct{}) (interface{ FakeStatus() string }, error) {
			return nil, nil
		},
	} {
		if _, err := newOperationHandler("Fake", reflect.ValueOf(fn), nil); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
