package clerk

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// nodeOracle runs `node script args…` in testdata/<dir> with in as JSON on
// stdin and decodes the last line of its output into out (a library may log
// lines of its own before it). It skips t, saying why, when node or the npm
// package pkg is not installed there, and fails it instead under CI=true
// (.ci/run installs both with `npm ci`). `make test` prints one line per
// group that will be skipped (scripts/crosscheck-status.sh).
func nodeOracle(t *testing.T, dir, pkg string, in, out any, script string, args ...string) {
	t.Helper()
	// CI must run every cross-check: there a missing oracle fails the test.
	skip := t.Skipf
	if os.Getenv("CI") == "true" {
		skip = t.Fatalf
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node not found: install Node.js >= 20 to cross-check against %s", pkg)
	}
	dir = filepath.Join("testdata", dir)
	if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg, "package.json")); err != nil {
		skip("%s not installed: run `npm ci` in %s", pkg, dir)
	}
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{script}, args...)...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s %v: %v\n%s", script, args, err, stderr.String())
	}
	stdout = bytes.TrimSpace(stdout)
	if err := json.Unmarshal(stdout[bytes.LastIndexByte(stdout, '\n')+1:], out); err != nil {
		t.Fatalf("parse node %s %v output: %v\n%s", script, args, err, stdout)
	}
}
