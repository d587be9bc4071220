package main

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// shard is this process's part of the input with -shard i/n: the rows
// whose key hashes to i modulo n. Rows of one key land in one shard, so
// that "the first of duplicate rows wins" still holds, and every row
// belongs to exactly one shard. A row with no usable key (an invalid one)
// goes by its line number, so that exactly one shard reports it.
type shard struct{ i, n int }

// parseShard reads "i/n" with 0 <= i < n.
func parseShard(s string) (shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return shard{}, fmt.Errorf("-shard %q: want i/n with 0 <= i < n, such as 0/4", s)
	}
	return shard{i, n}, nil
}

// owns reports whether r belongs to this shard.
func (s shard) owns(r *row) bool {
	if s.n <= 1 {
		return true
	}
	if r.err != nil {
		return r.line%s.n == s.i
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(r.key))
	return int(h.Sum32()%uint32(s.n)) == s.i
}

// suffix is what the default state and errors paths carry for this
// shard, so that each process of a sharded import keeps its own
// resumable state: "" without sharding, else ".shard-i-of-n".
func (s shard) suffix() string {
	if s.n <= 1 {
		return ""
	}
	return fmt.Sprintf(".shard-%d-of-%d", s.i, s.n)
}
