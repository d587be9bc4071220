package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// AllowEntry is one deliberate difference. Match is compared with a diff's
// key ("METHOD /path location: message", as printed after "DIFF "): it is
// an exact match, except that each '*' matches any run of characters
// (including '/' and spaces), so "GET /users *" allows every diff of one
// operation and "* response.200.*: nullable true != false" a kind of diff.
type AllowEntry struct {
	Match  string `yaml:"match"`
	Reason string `yaml:"reason"`

	re   *regexp.Regexp
	hits int
}

// AllowList is the parsed allow-list file.
type AllowList struct {
	Allow []*AllowEntry `yaml:"allow"`
}

// LoadAllowList reads an allow-list file. Every entry needs a match and a reason.
func LoadAllowList(path string) (*AllowList, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseAllowList(data)
}

// ParseAllowList parses allow-list YAML. Unknown keys are errors.
func ParseAllowList(data []byte) (*AllowList, error) {
	var al AllowList
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&al); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("allow-list: %w", err)
	}
	for i, e := range al.Allow {
		if e == nil || strings.TrimSpace(e.Match) == "" {
			return nil, fmt.Errorf("allow-list entry %d: no match", i+1)
		}
		if strings.TrimSpace(e.Reason) == "" {
			return nil, fmt.Errorf("allow-list entry %d (%q): no reason", i+1, e.Match)
		}
		parts := strings.Split(e.Match, "*")
		for j, p := range parts {
			parts[j] = regexp.QuoteMeta(p)
		}
		e.re = regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
	}
	return &al, nil
}

// Allowed reports whether key is allowed by an entry, and counts a hit on
// every entry that matches it.
func (al *AllowList) Allowed(key string) bool {
	if al == nil {
		return false
	}
	ok := false
	for _, e := range al.Allow {
		if e.re.MatchString(key) {
			e.hits++
			ok = true
		}
	}
	return ok
}

// Stale returns the entries that allowed nothing.
func (al *AllowList) Stale() []*AllowEntry {
	var r []*AllowEntry
	if al == nil {
		return r
	}
	for _, e := range al.Allow {
		if e.hits == 0 {
			r = append(r, e)
		}
	}
	return r
}
