package clerk

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReliabilityDocNamesTests: every test that RELIABILITY.md names as the
// proof of a promise exists, so the page cannot cite a test that was renamed
// or removed.
func TestReliabilityDocNamesTests(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("RELIABILITY.md")
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for _, pattern := range []string{"*_test.go", "internal/tools/specdrift/*_test.go"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src.Write(b)
		}
	}
	names := regexp.MustCompile("`(Test[A-Za-z0-9_]+)`").FindAllStringSubmatch(string(doc), -1)
	if len(names) < 11 {
		t.Fatalf("RELIABILITY.md names %d tests; want one or more per class", len(names))
	}
	for _, m := range names {
		if !strings.Contains(src.String(), "func "+m[1]+"(t *testing.T)") {
			t.Errorf("RELIABILITY.md names %s, which no test file defines", m[1])
		}
	}
}
