package clerk_test

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The Go snippets of the READMEs are fragments, so TestREADMESnippetsCompile
// compiles each one in a package of its own, under these rules:
//
//   - The statements of a block become the body of a function returning
//     error, so a block may `return err`. Names a block declares at the top
//     level of that body are marked used (`_ = name`), so a block may end by
//     declaring what the reader goes on to use.
//   - A line `func Name(…` or `type Name …` at the start of a line begins a
//     file-level declaration that ends at the next line that is exactly
//     "}" (or at the end of a one-line type), so a block may show a handler
//     next to the code that mounts it.
//   - `import "path"` lines are imports. Packages a block names but does not
//     import are imported from snippetPackages.
//   - Every block may use ctx (context.Context), c (*clerk.Client), mux
//     (*http.ServeMux) and t (*testing.T), the names the README's prose
//     assumes.
//
// A block that needs more names says so in an HTML comment on the line
// before its fence, which Markdown does not render; each becomes a
// package-level var:
//
//	<!-- snippet-given: pages http.Handler; provision func(context.Context, string) error -->
//
// Every ```go block must compile; there is no way to opt out.
// Errors are reported at the README's own lines (the generated files carry
// //line directives).
var snippetFiles = []string{"README.md", "examples/README.md"}

// snippetPackages are the packages a snippet may use without importing.
var snippetPackages = map[string]string{
	"bapi":      "github.com/gobapi/clerk/bapi",
	"clerk":     "github.com/gobapi/clerk",
	"clerktest": "github.com/gobapi/clerk/clerktest",
	"context":   "context",
	"errors":    "errors",
	"fmt":       "fmt",
	"http":      "net/http",
	"httptest":  "net/http/httptest",
	"io":        "io",
	"json":      "encoding/json",
	"log":       "log",
	"os":        "os",
	"slog":      "log/slog",
	"strings":   "strings",
	"testing":   "testing",
	"time":      "time",
}

const snippetGivenFile = `package %s

import (
	"context"
	"net/http"
	"testing"

	"github.com/gobapi/clerk"
)

var (
	ctx = context.Background()
	c   *clerk.Client
	mux = http.NewServeMux()
	t   *testing.T
)
`

// snippet is one fenced Go block of a Markdown file.
type snippet struct {
	file  string   // absolute path of the Markdown file
	line  int      // line of the first line of code
	code  []string // the lines between the fences
	given string   // the snippet-given comment, without its markers
}

var snippetGivenRE = regexp.MustCompile(`^<!--\s*snippet-given:(.*)-->\s*$`)

// readSnippets returns the ```go blocks of the Markdown file at path.
func readSnippets(t *testing.T, path string) []snippet {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		out  []snippet
		cur  *snippet
		prev string
		n    int
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == "```go":
			cur = &snippet{file: path, line: n + 1}
			if m := snippetGivenRE.FindStringSubmatch(strings.TrimSpace(prev)); m != nil {
				cur.given = strings.TrimSpace(m[1])
			}
		case cur != nil && strings.TrimSpace(line) == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.code = append(cur.code, line)
		}
		prev = line
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cur != nil {
		t.Fatalf("%s:%d: ```go block is never closed", path, cur.line-1)
	}
	return out
}

var (
	snippetDeclRE   = regexp.MustCompile(`^(func (\(|[A-Za-z_])|type [A-Za-z_])`)
	snippetImportRE = regexp.MustCompile(`^import\s+("[^"]+")\s*$`)
)

// source returns the Go file that compiles s in package pkg.
func (s snippet) source(pkg string) (string, error) {
	var (
		imports = map[string]bool{}
		decls   strings.Builder
		body    strings.Builder
		inDecl  bool
	)
	lineDirective := func(b *strings.Builder, i int) {
		fmt.Fprintf(b, "//line %s:%d:1\n", s.file, s.line+i)
	}
	for i, line := range s.code {
		switch {
		case inDecl:
			decls.WriteString(line + "\n")
			inDecl = line != "}"
		case snippetImportRE.MatchString(line):
			path, _ := strconv.Unquote(snippetImportRE.FindStringSubmatch(line)[1])
			imports[path] = true
		case snippetDeclRE.MatchString(line):
			lineDirective(&decls, i)
			decls.WriteString(line + "\n")
			inDecl = strings.HasSuffix(line, "{")
		default:
			lineDirective(&body, i)
			body.WriteString(line + "\n")
		}
	}

	// Mark the names the body declares at its top level as used.
	fn := "func snippet() error {\n" + body.String() + "\nreturn nil\n}\n"
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+fn, parser.SkipObjectResolution)
	if err != nil {
		return "", err
	}
	var used []string
	for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, e := range st.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						used = append(used, id.Name)
					}
				}
			}
		case *ast.DeclStmt:
			for _, sp := range st.Decl.(*ast.GenDecl).Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, id := range vs.Names {
						used = append(used, id.Name)
					}
				}
			}
		}
	}
	var uses strings.Builder
	for _, name := range used {
		if name != "_" {
			uses.WriteString("_ = " + name + "\n")
		}
	}

	var given strings.Builder
	for _, g := range strings.Split(s.given, ";") {
		if g = strings.TrimSpace(g); g != "" {
			given.WriteString("var " + g + "\n")
		}
	}
	src := given.String() + decls.String() +
		"func snippet() error {\n" + body.String() + uses.String() + "return nil\n}\n"

	// Import the packages the file names and does not declare.
	f, err = parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, 0)
	if err != nil {
		return "", err
	}
	for _, id := range f.Unresolved {
		if path, ok := snippetPackages[id.Name]; ok && !imports[path] {
			imports[path] = true
		}
	}
	paths := make([]string, 0, len(imports))
	for p := range imports {
		paths = append(paths, strconv.Quote(p))
	}
	sort.Strings(paths)
	return fmt.Sprintf("package %s\n\nimport (\n%s\n)\n\n%s", pkg, strings.Join(paths, "\n"), src), nil
}

// TestREADMESnippetsCompile compiles every ```go block of the READMEs, all
// in one go build and one go vet run, so that what a reader copies compiles.
func TestREADMESnippetsCompile(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found: README snippets not compiled")
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	var snippets []snippet
	for _, name := range snippetFiles {
		snippets = append(snippets, readSnippets(t, filepath.Join(root, filepath.FromSlash(name)))...)
	}
	if len(snippets) == 0 {
		t.Fatal("no ```go blocks found: has the fence changed?")
	}

	// Under testdata, so that ./... patterns run elsewhere never see it.
	dir, err := os.MkdirTemp(filepath.Join(root, "testdata"), "readme-snippets-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for i, s := range snippets {
		pkg := fmt.Sprintf("snippet%d", i+1)
		src, err := s.source(pkg)
		if err != nil {
			t.Errorf("%s:%d: block does not parse: %v", s.file, s.line, err)
			continue
		}
		if err := os.MkdirAll(filepath.Join(dir, pkg), 0o755); err != nil {
			t.Fatal(err)
		}
		for name, text := range map[string]string{"given.go": fmt.Sprintf(snippetGivenFile, pkg), "snippet.go": src} {
			if err := os.WriteFile(filepath.Join(dir, pkg, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if t.Failed() {
		return
	}

	// go build lists every compile error; go vet then reuses the build and
	// adds its checks (printf verbs and the like).
	pattern := "./" + filepath.ToSlash(mustRel(t, root, dir)) + "/..."
	for _, verb := range []string{"build", "vet"} {
		cmd := exec.Command(goTool, verb, pattern)
		cmd.Dir = root
		// Offline, against this module's go.sum and the module cache.
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOPROXY=off", "GOWORK=off")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("go %s of the README snippets: %v; positions are the READMEs' lines:\n%s", verb, err, out.String())
		}
	}
}

// mustRel is filepath.Rel(base, target), failing t on an error.
func mustRel(t *testing.T, base, target string) string {
	t.Helper()
	rel, err := filepath.Rel(base, target)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}
