package clerk

import (
	"context"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// TestVerifyAllocationsBounded holds what one Verify allocates, for the
// hostile corpus and for tokens built to make a decoder allocate (long
// escaped strings, thousands of members, big permission lists, deep
// nesting), to a small multiple of the token's length and a fixed number
// of allocations. The crafted tokens are signed by the wrong key, so all
// of it happens before the signature check, for anyone who can send a
// request. It is not parallel: it reads the process's allocation counters.
func TestVerifyAllocationsBounded(t *testing.T) {
	v := newPEMVerifier(t, WithTokenCacheSize(0))
	wrongKey := testKeyB()
	forged := func(payload string) string { return mintRaw(t, wrongKey, `{"alg":"RS256","typ":"JWT"}`, payload) }
	tokens := map[string]string{
		"escaped sub": forged(`{"sub":"` + strings.Repeat(`\u0041`, 1800) + `","exp":1700000060}`),
		"v1 permissions": forged(`{"sub":"u","exp":1700000060,"org_id":"o","org_permissions":[` +
			strings.Repeat(`"a",`, 2500) + `"a"]}`),
		"many members": forged(`{"sub":"u","exp":1700000060,` + strings.Repeat(`"k":1,`, 1800) + `"z":1}`),
		"deep nesting": forged(`{"sub":"u","exp":1700000060,"x":` + strings.Repeat(`[`, 31) + strings.Repeat(`]`, 31) + `}`),
		"v2 features": forged(`{"sub":"u","exp":1700000060,"v":2,"o":{"id":"o","per":"` + strings.Repeat("p,", 1000) +
			`p","fpm":"` + strings.Repeat("3,", 1000) + `3"},"fea":"` + strings.Repeat("o:f,", 1000) + `o:f"}`),
		"valid": mint(t, testKeyA(), baseHeader(), baseClaims()),
	}
	for _, e := range corpus(t) {
		tokens["corpus "+e.Name] = e.Token
	}
	const maxAllocs = 24
	for name, tok := range tokens {
		bytes, allocs := verifyAllocs(v, tok)
		if limit := 3*uint64(len(tok)) + 4<<10; bytes > limit || allocs > maxAllocs {
			t.Errorf("%s (%d bytes): Verify allocates %d bytes in %d allocations, want at most %d bytes and %d",
				name, len(tok), bytes, allocs, limit, maxAllocs)
		}
	}
}

// verifyAllocs returns the bytes and allocations of one Verify of tok: the
// least of three means over 20 calls, so that other goroutines' garbage
// does not count.
func verifyAllocs(v *Verifier, tok string) (bytes, allocs uint64) {
	bytes, allocs = ^uint64(0), ^uint64(0)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		const n = 20
		for range n {
			_, _ = v.Verify(context.Background(), tok)
		}
		runtime.ReadMemStats(&after)
		bytes = min(bytes, (after.TotalAlloc-before.TotalAlloc)/n)
		allocs = min(allocs, (after.Mallocs-before.Mallocs)/n)
	}
	return bytes, allocs
}

// TestAuthenticateDecodesOnce: AuthenticateRequest on a 16 KiB bearer token
// allocates what Verify does, give or take a few hundred bytes, since it
// decodes the token once (it used to decode it three times). Not parallel:
// it reads the process's allocation counters.
func TestAuthenticateDecodesOnce(t *testing.T) {
	v := newPEMVerifier(t, WithTokenCacheSize(0))
	tok := mint(t, testKeyA(), baseHeader(), with(baseClaims(), "pad", strings.Repeat("x", 11<<10)))
	vBytes, vAllocs := verifyAllocs(v, tok)
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	aBytes, aAllocs := ^uint64(0), ^uint64(0)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		const n = 20
		for range n {
			if st := v.AuthenticateRequest(r); st.Status != AuthSignedIn {
				t.Fatal(st.Reason)
			}
		}
		runtime.ReadMemStats(&after)
		aBytes = min(aBytes, (after.TotalAlloc-before.TotalAlloc)/n)
		aAllocs = min(aAllocs, (after.Mallocs-before.Mallocs)/n)
	}
	if aBytes > vBytes+512 || aAllocs > vAllocs+2 {
		t.Errorf("AuthenticateRequest allocates %d bytes in %d allocations, Verify %d in %d", aBytes, aAllocs, vBytes, vAllocs)
	}
}
