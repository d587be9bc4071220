package clerk

import "sync"

// maxCachedTokenLen: longer tokens are verified every time, never cached
// (the same 4 KiB bound as Envoy's JWT cache).
const maxCachedTokenLen = 4 << 10

// tokenCache is a fixed-size LRU of verified tokens, keyed by the full token.
// Entries live in one preallocated slice linked by index, so a lookup or an
// insert into a full cache does not allocate. Only the signature work is
// skipped on a hit: Verify rechecks the times of every hit.
type tokenCache struct {
	mu         sync.Mutex
	idx        map[string]int32
	ents       []cacheEntry
	head, tail int32 // most and least recently used; -1 when empty
}

type cacheEntry struct {
	key        string
	claims     SessionClaims
	prev, next int32
}

func newTokenCache(size int) *tokenCache {
	return &tokenCache{
		idx:  make(map[string]int32, size),
		ents: make([]cacheEntry, 0, size),
		head: -1,
		tail: -1,
	}
}

// get returns a private copy of the claims cached for token.
func (c *tokenCache) get(token string) (*SessionClaims, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i, ok := c.idx[token]
	if !ok {
		return nil, false
	}
	c.toFront(i)
	return c.ents[i].claims.clone(), true
}

// put stores a private copy of claims for token.
func (c *tokenCache) put(token string, claims *SessionClaims) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i, ok := c.idx[token]; ok {
		c.ents[i].claims = *claims.clone()
		c.toFront(i)
		return
	}
	var i int32
	if len(c.ents) < cap(c.ents) {
		c.ents = append(c.ents, cacheEntry{prev: -1, next: -1})
		i = int32(len(c.ents) - 1)
	} else {
		i = c.tail
		c.unlink(i)
		delete(c.idx, c.ents[i].key)
	}
	e := &c.ents[i]
	e.key = token
	e.claims = *claims
	if claims.Actor != nil {
		a := *claims.Actor
		e.claims.Actor = &a
	}
	c.idx[token] = i
	c.pushFront(i)
}

func (c *tokenCache) unlink(i int32) {
	e := &c.ents[i]
	if e.prev >= 0 {
		c.ents[e.prev].next = e.next
	} else {
		c.head = e.next
	}
	if e.next >= 0 {
		c.ents[e.next].prev = e.prev
	} else {
		c.tail = e.prev
	}
	e.prev, e.next = -1, -1
}

func (c *tokenCache) pushFront(i int32) {
	e := &c.ents[i]
	e.prev, e.next = -1, c.head
	if c.head >= 0 {
		c.ents[c.head].prev = i
	}
	c.head = i
	if c.tail < 0 {
		c.tail = i
	}
}

func (c *tokenCache) toFront(i int32) {
	if c.head == i {
		return
	}
	c.unlink(i)
	c.pushFront(i)
}

func (c *tokenCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.idx)
}
