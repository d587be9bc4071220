package clerk

import (
	"go/ast"
	"go/parser"
	"strings"
	"testing"
)

// TestDocComments holds the package to the house style: every exported
// type (alias or not), function and method of the root package has its own
// doc comment starting with its name, so that go doc says what each one
// is. Exported constants and variables need a comment of their own or one
// on their group.
func TestDocComments(t *testing.T) {
	t.Parallel()
	fset, files := parseSources(t, parser.ParseComments|parser.SkipObjectResolution)
	checked := 0
	for _, f := range files {
		if ast.IsGenerated(f) {
			continue
		}
		// startsWith reports whether doc is a comment whose text starts
		// with the name (optionally after "A", "An" or "The").
		startsWith := func(doc *ast.CommentGroup, name string) bool {
			text := doc.Text()
			for _, article := range []string{"A ", "An ", "The "} {
				text = strings.TrimPrefix(text, article)
			}
			return strings.HasPrefix(text, name+" ") || strings.HasPrefix(text, name+"\n")
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() || (d.Recv != nil && !exportedRecv(d.Recv)) {
					continue
				}
				checked++
				if !startsWith(d.Doc, d.Name.Name) {
					t.Errorf("%s: func %s has no doc comment starting with its name", fset.Position(d.Pos()), d.Name.Name)
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						if !sp.Name.IsExported() {
							continue
						}
						checked++
						doc := sp.Doc
						if !d.Lparen.IsValid() {
							doc = d.Doc
						}
						if !startsWith(doc, sp.Name.Name) {
							t.Errorf("%s: type %s has no doc comment of its own starting with its name", fset.Position(sp.Pos()), sp.Name.Name)
						}
					case *ast.ValueSpec:
						for _, id := range sp.Names {
							if !id.IsExported() {
								continue
							}
							checked++
							if sp.Doc == nil && d.Doc == nil {
								t.Errorf("%s: %s %s has no doc comment, of its own or on its group", fset.Position(id.Pos()), d.Tok, id.Name)
							}
						}
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no exported declarations found")
	}
}

// exportedRecv reports whether a method's receiver type is exported.
func exportedRecv(recv *ast.FieldList) bool {
	if len(recv.List) == 0 {
		return false
	}
	typ := recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	switch x := typ.(type) {
	case *ast.Ident:
		return x.IsExported()
	case *ast.IndexExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.IsExported()
		}
	case *ast.IndexListExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.IsExported()
		}
	}
	return false
}
