package clerktest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
)

// TestEveryOperationIsRouted checks that each of the spec's operations has
// a route, and that the route-to-operation mapping read from the generated
// wrapper names found every one.
func TestEveryOperationIsRouted(t *testing.T) {
	s := NewServer(t)
	routed := map[string]bool{}
	for p, op := range s.patterns {
		if s.ops[op] == nil {
			t.Errorf("pattern %q maps to unknown operation %q", p, op)
		}
		routed[op] = true
	}
	want := reflect.TypeFor[bapiserver.StrictServerInterface]().NumMethod()
	if len(s.ops) != want || len(routed) != len(s.ops) {
		t.Errorf("%d operations (spec: %d), %d routed", len(s.ops), want, len(routed))
	}
}

// TestImplementedOperations keeps the implemented list honest: exactly the
// operations not in it answer 501 clerktest_not_implemented.
func TestImplementedOperations(t *testing.T) {
	s := NewServer(t)
	a := reflect.ValueOf(&api{s: s})
	it := reflect.TypeFor[bapiserver.StrictServerInterface]()
	for i := range it.NumMethod() {
		name := it.Method(i).Name
		m := a.MethodByName(name)
		req := reflect.New(m.Type().In(1)).Elem()
		notImpl := func() (yes bool) {
			defer func() {
				if recover() != nil {
					yes = false // a real handler dereferenced the empty request
				}
			}()
			out := m.Call([]reflect.Value{reflect.ValueOf(context.Background()), req})
			err, _ := out[1].Interface().(error)
			var e *apiError
			return errors.As(err, &e) && e.status == 501
		}()
		if want := !slices.Contains(implementedOperations(), name); notImpl != want {
			t.Errorf("%s: answers 501 = %v, but listed as implemented = %v", name, notImpl, !want)
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
