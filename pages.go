package clerk

// The page guard shared by every All iterator. A server that ignores the
// offset or the cursor, or serves pages in a cycle, would otherwise keep an
// iterator going forever, yielding the same items again and again. Each
// page is checked before any of its items is yielded:
//
//   - two items of the page with the same ID;
//   - an item that was on the previous page. With cursor paging this never
//     happens legitimately, so it ends the iteration. With offset paging it
//     does: an item created at the front of the list while the iterator runs
//     shifts the next page by one. Those items were yielded already and are
//     skipped; only a page with no new item at all ends the iteration;
//   - a page with the same IDs as any of the last recentPages pages;
//   - a longer cycle of pages, found by Brent's algorithm over the pages'
//     fingerprints.
//
// Memory is constant in the number of pages: the 64-bit hashes of the IDs of
// the current and previous page (2 × 8 bytes per item of a page, reused from
// page to page), recentPages fingerprints, and Brent's tortoise. A page is
// identified by the FNV-1a hash of its sorted ID hashes, so a reordered page
// is the same page. Hashes stand in for IDs: two different IDs of one or two
// neighbouring pages would have to collide in 64 bits (about 500²/2⁶⁴ per
// page) for a page to be refused wrongly.

import (
	"errors"
	"fmt"
	"iter"
	"slices"
)

// ErrPaginationLoop is the sentinel wrapped by the [DecodeError] that an
// All iterator yields, before yielding any item of the page, when a page
// repeats what the iterator has already seen: an ID twice on one page, a
// page made only of the previous page's items (the server ignored the
// offset or the starting_after cursor), or the IDs of an earlier page
// again (pages served in a cycle). Test for it with errors.Is.
var ErrPaginationLoop = errors.New("pagination loop")

// recentPages is how many page fingerprints a pageGuard remembers: a cycle
// of up to this many pages ends on its first repeated page, before any
// duplicate is yielded. Longer cycles end by Brent's algorithm within about
// three times their length.
const recentPages = 16

// pageGuard checks the pages of one run of an iterator. Its zero value is
// not usable; see newPageGuard.
type pageGuard struct {
	op     string // operation named by the error, such as "list users"
	strict bool   // cursor paging: no item may be on the previous page
	pages  int    // non-empty pages checked

	prev, cur []uint64 // sorted ID hashes of the previous and current page
	shared    int      // items of the current page on the previous page

	recent [recentPages]uint64 // fingerprints of the last pages, a ring

	// Brent's cycle detection over page fingerprints.
	tortoise    uint64
	tortoisePg  int // page number of tortoise
	power, span int
}

// newPageGuard returns the guard of one run of an iterator. strict is for
// cursor paging, where a page may share no item with the previous page.
func newPageGuard(op string, strict bool) *pageGuard {
	return &pageGuard{op: op, strict: strict, power: 1}
}

// after seeds the guard with the cursor of the first request: with cursor
// paging, a first page holding the item it was asked to start after is a
// server ignoring the cursor.
func (g *pageGuard) after(id string) {
	g.cur = append(g.cur[:0], hashID(id))
}

// checkPage checks page before any of its items is yielded and returns a
// *DecodeError wrapping ErrPaginationLoop when the page repeats what g has
// seen. id returns the ID of an item.
func checkPage[T any](g *pageGuard, page []T, id func(*T) string) error {
	g.prev, g.cur = g.cur, g.prev[:0]
	g.shared = 0
	if len(page) == 0 {
		return nil
	}
	g.pages++
	n := g.pages
	for i := range page {
		g.cur = append(g.cur, hashID(id(&page[i])))
	}
	slices.Sort(g.cur)
	fp := uint64(fnvOffset)
	for i, h := range g.cur {
		if i > 0 && h == g.cur[i-1] {
			return g.loop("page %d holds an ID twice", n)
		}
		fp = fnvAdd(fp, h)
	}
	g.shared = sortedCommon(g.prev, g.cur)
	switch {
	case g.strict && g.shared > 0 && n == 1:
		return g.loop("page 1 holds the item it was asked to start after")
	case g.strict && g.shared > 0:
		return g.loop("page %d repeats items of the page before it", n)
	case g.shared == len(page):
		return g.loop("page %d holds only items of the page before it", n)
	}
	for k := 1; k <= min(n-1, recentPages); k++ {
		if g.recent[(n-k)%recentPages] == fp {
			return g.loop("page %d repeats page %d", n, n-k)
		}
	}
	g.recent[n%recentPages] = fp
	if n > 1 && fp == g.tortoise {
		return g.loop("page %d repeats page %d", n, g.tortoisePg)
	}
	if g.span++; g.span == g.power {
		g.tortoise, g.tortoisePg = fp, n
		g.power *= 2
		g.span = 0
	}
	return nil
}

// seen reports whether the item with the given ID was on the previous
// page: such items were yielded already and are skipped.
func (g *pageGuard) seen(id string) bool {
	if g.shared == 0 {
		return false
	}
	_, ok := slices.BinarySearch(g.prev, hashID(id))
	return ok
}

// loop returns the error that ends the iteration.
func (g *pageGuard) loop(format string, args ...any) error {
	return &DecodeError{Operation: g.op, Err: fmt.Errorf("%w: %s", ErrPaginationLoop, fmt.Sprintf(format, args...))}
}

// yieldPage checks page with g, then yields its items, skipping those of
// the previous page. It returns false when the iteration must end: the
// page failed the check (the error was yielded) or the loop broke.
func yieldPage[T any](g *pageGuard, page []T, id func(*T) string, yield func(*T, error) bool) bool {
	if err := checkPage(g, page, id); err != nil {
		yield(nil, err)
		return false
	}
	for i := range page {
		if g.seen(id(&page[i])) {
			continue
		}
		if !yield(&page[i], nil) {
			return false
		}
	}
	return true
}

// offsetPages iterates over a limit/offset-paginated list from offset on,
// with the page guard of op. fetch returns the page at offset and the
// server's total, or -1 when the list has none. Iteration ends after an
// empty page; with a total, once offset reaches it, never fetching past it
// (offset counts the items yielded and those skipped as repeats of the
// previous page); without one, after a page shorter than limit. It also
// ends on the first error (yielded once) and when the loop breaks. Only the
// current page is referenced.
func offsetPages[T any](op string, limit, offset int, id func(*T) string, fetch func(offset int) ([]T, int64, error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		g := newPageGuard(op, false)
		offset := offset
		for {
			page, total, err := fetch(offset)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yieldPage(g, page, id, yield) {
				return
			}
			offset += len(page)
			switch {
			case len(page) == 0,
				total >= 0 && int64(offset) >= total,
				total < 0 && len(page) < limit:
				return
			}
		}
	}
}

// FNV-1a, 64-bit.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashID is the FNV-1a hash of id.
func hashID(id string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= fnvPrime
	}
	return h
}

// fnvAdd adds the 8 bytes of v to the FNV-1a hash h.
func fnvAdd(h, v uint64) uint64 {
	for range 8 {
		h ^= v & 0xff
		h *= fnvPrime
		v >>= 8
	}
	return h
}

// sortedCommon returns how many values of b are in a, both sorted and b
// without repeats.
func sortedCommon(a, b []uint64) int {
	n, i := 0, 0
	for _, v := range b {
		for i < len(a) && a[i] < v {
			i++
		}
		if i < len(a) && a[i] == v {
			n++
		}
	}
	return n
}
