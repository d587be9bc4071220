package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// stateEntry is one line of the state file: the row with this key is the
// Clerk user UserID.
type stateEntry struct {
	Key    string `json:"key"`
	UserID string `json:"user_id"`
	Line   int    `json:"line"`
}

// loadState reads the state file at path into key → user ID. A missing
// file is an empty state. Lines that are not entries (a write torn by a
// crash, which later runs append after) are skipped and counted: their
// rows are looked up in Clerk again, which costs a request, never a
// second user.
func loadState(path string) (known map[string]string, damaged int, err error) {
	known = map[string]string{}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return known, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("read state file: %w", err)
	}
	for l := range bytes.SplitSeq(b, []byte("\n")) {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		var e stateEntry
		if err := json.Unmarshal(l, &e); err != nil || e.Key == "" || e.UserID == "" {
			damaged++
			continue
		}
		known[e.Key] = e.UserID
	}
	return known, damaged, nil
}

// stateWriter appends entries to the state file and fsyncs them in batches:
// every syncEvery entries, at least every syncPeriod, and on close. An
// entry lost in a crash before its fsync costs one lookup on the next run,
// never a second user, because rows absent from the state are looked up
// in Clerk before they are created.
type stateWriter struct {
	mu      sync.Mutex
	f       *os.File
	w       *bufio.Writer
	pending int
	err     error
	stop    chan struct{}
	done    chan struct{}
}

const (
	syncEvery  = 256
	syncPeriod = time.Second
)

func openState(path string) (*stateWriter, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open state file: %w", err)
	}
	s := &stateWriter{f: f, w: bufio.NewWriter(f), stop: make(chan struct{}), done: make(chan struct{})}
	// After a torn final write, start on a fresh line.
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, fi.Size()-1); err != nil && err != io.EOF {
			_ = f.Close()
			return nil, fmt.Errorf("read state file: %w", err)
		}
		if last[0] != '\n' {
			_ = s.w.WriteByte('\n')
		}
	}
	go s.syncLoop()
	return s, nil
}

func (s *stateWriter) syncLoop() {
	defer close(s.done)
	t := time.NewTicker(syncPeriod)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.mu.Lock()
			s.syncLocked()
			s.mu.Unlock()
		}
	}
}

// add appends one entry.
func (s *stateWriter) add(e stateEntry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode state entry: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	b = append(b, '\n')
	if _, err := s.w.Write(b); err != nil {
		s.err = fmt.Errorf("write state file: %w", err)
		return s.err
	}
	s.pending++
	if s.pending >= syncEvery {
		s.syncLocked()
	}
	return s.err
}

func (s *stateWriter) syncLocked() {
	if s.err != nil || (s.pending == 0 && s.w.Buffered() == 0) {
		return
	}
	if err := s.w.Flush(); err != nil {
		s.err = fmt.Errorf("write state file: %w", err)
		return
	}
	if err := s.f.Sync(); err != nil {
		s.err = fmt.Errorf("sync state file: %w", err)
		return
	}
	s.pending = 0
}

// close flushes, syncs and closes the file.
func (s *stateWriter) close() error {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	s.syncLocked()
	if err := s.f.Close(); err != nil && s.err == nil {
		s.err = fmt.Errorf("close state file: %w", err)
	}
	return s.err
}
