package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
)

// record is one user of the input file, as written there.
type record struct {
	Email           string         `json:"email"`
	FirstName       string         `json:"first_name"`
	LastName        string         `json:"last_name"`
	ExternalID      string         `json:"external_id"`
	PasswordDigest  string         `json:"password_digest"`
	PasswordHasher  string         `json:"password_hasher"`
	PublicMetadata  map[string]any `json:"public_metadata"`
	PrivateMetadata map[string]any `json:"private_metadata"`
}

// row is a record with where it came from and its identity.
type row struct {
	line int // line of the input where the record starts
	key  string
	rec  record
	err  error // why the record is unusable, if it is
}

// key identifies a record across runs: its external ID, else its email
// address (case-insensitive, as Clerk compares them).
func (r *record) key() string {
	if r.ExternalID != "" {
		return "external_id:" + r.ExternalID
	}
	return "email:" + strings.ToLower(r.Email)
}

// check validates what Clerk would otherwise refuse one request later.
func (r *record) check() error {
	if r.Email == "" {
		return errors.New("email is required")
	}
	if a, err := mail.ParseAddress(r.Email); err != nil || a.Address != r.Email {
		return fmt.Errorf("email %q is not an address", r.Email)
	}
	if (r.PasswordDigest == "") != (r.PasswordHasher == "") {
		return errors.New("password_digest and password_hasher go together")
	}
	return nil
}

// reader yields the rows of an input file one at a time.
type reader interface {
	next() (*row, error) // io.EOF at the end
}

func newReader(r io.Reader, format string) (reader, error) {
	switch format {
	case "csv":
		return newCSVReader(r)
	case "jsonl":
		return &jsonlReader{r: bufio.NewReaderSize(r, 64<<10)}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want csv or jsonl)", format)
}

// csvColumns are the columns a CSV file may have, in any order; a header
// row names them.
var csvColumns = []string{"email", "first_name", "last_name", "external_id", "password_digest", "password_hasher", "public_metadata", "private_metadata"}

type csvReader struct {
	r   *csv.Reader
	col map[string]int
}

func newCSVReader(r io.Reader) (*csvReader, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read CSV header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		known := false
		for _, c := range csvColumns {
			known = known || c == h
		}
		if !known {
			return nil, fmt.Errorf("CSV header: unknown column %q (known: %s)", h, strings.Join(csvColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("CSV header: column %q twice", h)
		}
		col[h] = i
	}
	if _, ok := col["email"]; !ok {
		return nil, errors.New(`CSV header: no "email" column`)
	}
	return &csvReader{r: cr, col: col}, nil
}

func (c *csvReader) next() (*row, error) {
	fields, err := c.r.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	line, _ := c.r.FieldPos(0)
	var pe *csv.ParseError
	if errors.As(err, &pe) && pe.Err == csv.ErrFieldCount {
		return &row{line: line, err: fmt.Errorf("want %d fields", len(c.col))}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read CSV: %w", err) // the rest of the file cannot be trusted
	}
	get := func(name string) string {
		if i, ok := c.col[name]; ok {
			return strings.TrimSpace(fields[i])
		}
		return ""
	}
	rw := &row{line: line, rec: record{
		Email:          get("email"),
		FirstName:      get("first_name"),
		LastName:       get("last_name"),
		ExternalID:     get("external_id"),
		PasswordDigest: get("password_digest"),
		PasswordHasher: get("password_hasher"),
	}}
	for _, m := range []struct {
		name string
		dst  *map[string]any
	}{{"public_metadata", &rw.rec.PublicMetadata}, {"private_metadata", &rw.rec.PrivateMetadata}} {
		if s := get(m.name); s != "" {
			if err := json.Unmarshal([]byte(s), m.dst); err != nil || *m.dst == nil {
				rw.err = fmt.Errorf("%s is not a JSON object", m.name)
			}
		}
	}
	finish(rw)
	return rw, nil
}

type jsonlReader struct {
	r    *bufio.Reader
	line int
}

func (j *jsonlReader) next() (*row, error) {
	for {
		b, err := j.r.ReadBytes('\n')
		if len(b) == 0 && err != nil {
			if err == io.EOF {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("read JSON Lines: %w", err)
		}
		j.line++
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			continue
		}
		rw := &row{line: j.line}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rw.rec); err != nil {
			rw.err = fmt.Errorf("not a user object: %w", err)
		} else if dec.More() {
			rw.err = errors.New("more than one JSON value on the line")
		}
		finish(rw)
		return rw, nil
	}
}

// finish trims, checks and keys a parsed row.
func finish(rw *row) {
	rw.rec.Email = strings.TrimSpace(rw.rec.Email)
	rw.rec.ExternalID = strings.TrimSpace(rw.rec.ExternalID)
	if rw.err == nil {
		rw.err = rw.rec.check()
	}
	rw.key = rw.rec.key()
}
