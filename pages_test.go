package clerk

import (
	"errors"
	"fmt"
	"testing"
)

// guardIDs makes a page of IDs for the page guard tests.
func guardIDs(ids ...string) []string { return ids }

func stringID(s *string) string { return *s }

// checkIDs runs checkPage on a page of IDs.
func checkIDs(g *pageGuard, ids []string) error {
	return checkPage(g, ids, stringID)
}

// pageOf returns the IDs of page k of a list, size per page.
func pageOf(k, size int) []string {
	ids := make([]string, size)
	for i := range ids {
		ids[i] = fmt.Sprintf("id_%d", k*size+i)
	}
	return ids
}

func TestPageGuard(t *testing.T) {
	t.Parallel()
	a, b, c := guardIDs("a1", "a2"), guardIDs("b1", "b2"), guardIDs("c1", "c2")
	for _, tt := range []struct {
		name    string
		strict  bool
		pages   [][]string
		failAt  int // index of the page refused; -1 for none
		skipped []string
	}{
		{"distinct pages", true, [][]string{a, b, c}, -1, nil},
		{"ID twice on a page", false, [][]string{a, {"b1", "b2", "b1"}}, 1, nil},
		{"ID twice on the first page", true, [][]string{{"a1", "a1"}}, 0, nil},
		{"same page again", false, [][]string{a, a}, 1, nil},
		{"same page reordered", false, [][]string{a, {"a2", "a1"}}, 1, nil},
		{"cursor page overlaps", true, [][]string{a, {"a2", "b1"}}, 1, nil},
		{"offset page overlaps: skipped", false, [][]string{a, {"a2", "b1"}}, -1, []string{"a2"}},
		{"two pages alternate", false, [][]string{a, b, a}, 2, nil},
		{"three pages cycle", false, [][]string{a, b, c, a}, 3, nil},
		{"empty page", true, [][]string{a, {}, {}}, -1, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := newPageGuard("list things", tt.strict)
			var skipped []string
			for i, p := range tt.pages {
				err := checkIDs(g, p)
				if (err != nil) != (i == tt.failAt) {
					t.Fatalf("page %d: err = %v, want an error only on page %d", i, err, tt.failAt)
				}
				if err != nil {
					var de *DecodeError
					if !errors.Is(err, ErrPaginationLoop) || !errors.As(err, &de) || de.Operation != "list things" {
						t.Errorf("err = %#v, want a *DecodeError for %q wrapping ErrPaginationLoop", err, "list things")
					}
					break
				}
				for _, id := range p {
					if g.seen(id) {
						skipped = append(skipped, id)
					}
				}
			}
			if fmt.Sprint(skipped) != fmt.Sprint(tt.skipped) {
				t.Errorf("skipped %v, want %v", skipped, tt.skipped)
			}
		})
	}
}

func TestPageGuardCursorSeed(t *testing.T) {
	t.Parallel()
	g := newPageGuard("list users", true)
	g.after("a2")
	err := checkIDs(g, guardIDs("a1", "a2"))
	if want := "clerk: decoding list users response: pagination loop: page 1 holds the item it was asked to start after"; !errors.Is(err, ErrPaginationLoop) || err.Error() != want {
		t.Errorf("first page holding the starting_after ID: err = %v, want %q wrapping ErrPaginationLoop", err, want)
	}
}

// TestPageGuardLongCycle: a cycle longer than the ring of recent pages is
// still found, by Brent's algorithm, within a few times its length.
func TestPageGuardLongCycle(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ lead, period int }{
		{0, recentPages + 1}, {5, 40}, {100, 17}, {0, 300},
	} {
		g := newPageGuard("list things", false)
		n := 0
		var err error
		for ; err == nil && n < 10*(tt.lead+tt.period); n++ {
			k := n
			if n >= tt.lead {
				k = tt.lead + (n-tt.lead)%tt.period
			}
			err = checkIDs(g, pageOf(k, 3))
		}
		if !errors.Is(err, ErrPaginationLoop) {
			t.Errorf("lead %d, period %d: no loop found in %d pages", tt.lead, tt.period, n)
			continue
		}
		if limit := 3 * (tt.lead + tt.period); n > limit {
			t.Errorf("lead %d, period %d: loop found after %d pages, want at most %d", tt.lead, tt.period, n, limit)
		}
	}
}

// TestPageGuardNoFalseLoop: a long list of distinct pages passes, and the
// guard's memory stays that of two pages.
func TestPageGuardNoFalseLoop(t *testing.T) {
	t.Parallel()
	const size = 50
	g := newPageGuard("list things", true)
	for k := range 5000 {
		if err := checkIDs(g, pageOf(k, size)); err != nil {
			t.Fatalf("page %d: %v", k, err)
		}
	}
	if cap(g.prev) > 2*size || cap(g.cur) > 2*size {
		t.Errorf("hash buffers grew to %d and %d, want at most %d", cap(g.prev), cap(g.cur), 2*size)
	}
}

// TestPageGuardAllocs: after the first pages, checking a page allocates
// nothing.
func TestPageGuardAllocs(t *testing.T) {
	g := newPageGuard("list things", false)
	// Distinct pages, built before measuring; the first two size the
	// guard's buffers.
	pages := make([][]string, 200)
	for i := range pages {
		pages[i] = pageOf(i, 100)
	}
	checkIDs(g, pages[0])
	checkIDs(g, pages[1])
	i := 2
	if n := testing.AllocsPerRun(100, func() {
		if err := checkIDs(g, pages[i]); err != nil {
			t.Fatal(err)
		}
		i++
	}); n != 0 {
		t.Errorf("checkPage allocates %v times per page, want 0", n)
	}
}

// BenchmarkPageGuard times the check of one page of 500 user IDs, the
// most GET /users serves, against the time the page took to fetch and
// decode (about 7ms on loopback in BenchmarkListUsers of bench/).
func BenchmarkPageGuard(b *testing.B) {
	pages := make([][]string, 64)
	for i := range pages {
		pages[i] = make([]string, 500)
		for j := range pages[i] {
			pages[i][j] = fmt.Sprintf("user_2xK7bQ9mVnR4tY8wZ%07d", i*500+j)
		}
	}
	g := newPageGuard("list users", true)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%len(pages) == 0 {
			g = newPageGuard("list users", true) // the pages cycle
		}
		if err := checkIDs(g, pages[i%len(pages)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
