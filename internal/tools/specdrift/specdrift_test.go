package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// base is the "upstream" spec of the tests; each case edits a copy into "ours".
const base = `openapi: 3.0.3
info: {title: test, version: "1"}
security: [{bearer: []}]
paths:
  /users/{user_id}:
    get:
      operationId: GetUser
      tags: [Users]
      parameters:
        - {name: user_id, in: path, required: true, schema: {type: string}}
        - {name: expand, in: query, schema: {type: string, enum: [a, b]}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/User'}
        '404':
          description: not found
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Errors'}
  /users:
    post:
      operationId: CreateUser
      tags: [Users]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [email_address]
              properties:
                email_address: {type: array, items: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/User'}
  /sessions/{session_id}/refresh:
    post:
      operationId: RefreshSession
      parameters:
        - {name: session_id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                oneOf:
                  - {$ref: '#/components/schemas/Token'}
                  - {$ref: '#/components/schemas/Cookies'}
        '204': {description: no body}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    User:
      type: object
      additionalProperties: false
      required: [id, first_name]
      properties:
        id: {type: string}
        first_name: {type: string, nullable: true}
        status: {type: string, enum: [active, banned]}
        metadata: {type: object, additionalProperties: true}
        scim: {nullable: true, allOf: [{$ref: '#/components/schemas/Scim'}]}
        parent: {$ref: '#/components/schemas/User'}
    Scim:
      type: object
      properties:
        id: {type: string}
        group: {$ref: '#/components/schemas/Group'}
    Group:
      type: object
      properties:
        name: {type: string}
        scim: {$ref: '#/components/schemas/Scim'}
    Errors:
      type: object
      properties:
        errors: {type: array, items: {type: string}}
    Token:
      type: object
      properties: {object: {type: string, enum: [token]}, jwt: {type: string}}
    Cookies:
      type: object
      properties: {object: {type: string, enum: [cookies]}, cookies: {type: array, items: {type: string}}}
`

func loadText(t *testing.T, text string) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData([]byte(text))
	if err != nil {
		t.Fatalf("load: %v\n%s", err, text)
	}
	return doc
}

// edit applies old/new pairs to base; each old must occur.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	s := base
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("edit: %q not in base", pairs[i])
		}
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return s
}

func keysOf(ds []Diff) []string {
	r := []string{}
	for _, d := range ds {
		r = append(r, d.Key())
	}
	return r
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name  string
		edits []string
		want  []string
	}{
		{name: "identical"},
		{
			name:  "changed field type",
			edits: []string{"first_name: {type: string, nullable: true}", "first_name: {type: integer, nullable: true}"},
			want: []string{
				"GET /users/{user_id} response.200.application/json.first_name: type integer != string",
				"POST /users response.200.application/json.first_name: type integer != string",
			},
		},
		{
			name:  "changed request item type",
			edits: []string{"email_address: {type: array, items: {type: string}}", "email_address: {type: array, items: {type: integer, format: int64}}"},
			want: []string{
				"POST /users requestBody.application/json.email_address[]: format int64 != none",
				"POST /users requestBody.application/json.email_address[]: type integer != string",
			},
		},
		{
			name:  "removed required",
			edits: []string{"required: [id, first_name]", "required: [id]"},
			want: []string{
				"GET /users/{user_id} response.200.application/json.first_name: required false != true",
				"POST /users response.200.application/json.first_name: required false != true",
			},
		},
		{
			name:  "nullability",
			edits: []string{"first_name: {type: string, nullable: true}", "first_name: {type: string}"},
			want: []string{
				"GET /users/{user_id} response.200.application/json.first_name: nullable false != true",
				"POST /users response.200.application/json.first_name: nullable false != true",
			},
		},
		{
			name:  "nullability lost on a wrapped ref",
			edits: []string{"scim: {nullable: true, allOf: [{$ref: '#/components/schemas/Scim'}]}", "scim: {$ref: '#/components/schemas/Scim'}"},
			want: []string{
				"GET /users/{user_id} response.200.application/json.scim: nullable false != true",
				"POST /users response.200.application/json.scim: nullable false != true",
			},
		},
		{
			name:  "missing parameter",
			edits: []string{"        - {name: expand, in: query, schema: {type: string, enum: [a, b]}}\n", ""},
			want:  []string{"GET /users/{user_id} param.query.expand: missing in ours"},
		},
		{
			name:  "parameter required and style",
			edits: []string{"{name: expand, in: query,", "{name: expand, in: query, required: true, explode: false,"},
			want: []string{
				"GET /users/{user_id} param.query.expand: required true != false",
				"GET /users/{user_id} param.query.expand: style form/explode=false != form/explode=true",
			},
		},
		{
			name:  "default style spelled out is not a diff",
			edits: []string{"{name: expand, in: query,", "{name: expand, in: query, style: form, explode: true,"},
		},
		{
			name:  "changed enum",
			edits: []string{"enum: [active, banned]", "enum: [active, locked]"},
			want: []string{
				`GET /users/{user_id} response.200.application/json.status: enum: only ours ["locked"], only upstream ["banned"]`,
				`POST /users response.200.application/json.status: enum: only ours ["locked"], only upstream ["banned"]`,
			},
		},
		{
			name:  "enum order is not a diff",
			edits: []string{"enum: [active, banned]", "enum: [banned, active]"},
		},
		{
			name: "missing response code",
			edits: []string{`        '404':
          description: not found
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Errors'}
`, ""},
			want: []string{"GET /users/{user_id} response.404: missing in ours"},
		},
		{
			name:  "body where upstream has none",
			edits: []string{"'204': {description: no body}", "'204': {description: x, content: {application/json: {schema: {type: object}}}}"},
			want:  []string{"POST /sessions/{session_id}/refresh response.204: body [application/json] != no body"},
		},
		{
			name: "operation details",
			edits: []string{
				"operationId: GetUser\n", "operationId: FetchUser\n      deprecated: true\n      security: []\n",
				"tags: [Users]\n      parameters:", "tags: [Users, Extra]\n      parameters:",
			},
			want: []string{
				"GET /users/{user_id} deprecated: true != false",
				"GET /users/{user_id} operationId: FetchUser != GetUser",
				"GET /users/{user_id} security: none != {http bearer[]}",
				"GET /users/{user_id} tags: only ours [Extra], only upstream []",
			},
		},
		{
			name:  "operation missing upstream",
			edits: []string{"components:\n", "  /extra:\n    get:\n      operationId: Extra\n      responses: {'200': {description: ok}}\ncomponents:\n"},
			want:  []string{"GET /extra operation: missing upstream"},
		},
		{
			name: "difference below a cycle",
			edits: []string{
				"        name: {type: string}\n        scim:", "        name: {type: integer}\n        scim:",
			},
			want: []string{
				"GET /users/{user_id} response.200.application/json.scim.group.name: type integer != string",
				"POST /users response.200.application/json.scim.group.name: type integer != string",
			},
		},
		{
			name: "nullable wrapper spelled as a nullable copy is not a diff",
			edits: []string{
				"scim: {nullable: true, allOf: [{$ref: '#/components/schemas/Scim'}]}", "scim: {$ref: '#/components/schemas/NullableScim'}",
				"    Group:\n", "    NullableScim:\n      type: object\n      nullable: true\n      properties:\n        id: {type: string}\n        group: {$ref: '#/components/schemas/Group'}\n    Group:\n",
			},
		},
		{
			name:  "single-member oneOf wrapper is not a diff",
			edits: []string{"scim: {nullable: true, allOf: [{$ref: '#/components/schemas/Scim'}]}", "scim: {nullable: true, oneOf: [{$ref: '#/components/schemas/Scim'}]}"},
		},
		{
			name: "merged allOf equals the flat schema",
			edits: []string{`    User:
      type: object
      additionalProperties: false
      required: [id, first_name]
      properties:
        id: {type: string}
`, `    User:
      additionalProperties: false
      required: [first_name]
      allOf:
        - {type: object, required: [id], properties: {id: {type: string}}}
      properties:
`},
		},
		{
			name:  "ref rename is not a diff",
			edits: []string{"schemas/User'", "schemas/Person'", "    User:\n", "    Person:\n"},
		},
		{
			name: "inlined schema is not a diff",
			edits: []string{"schema: {$ref: '#/components/schemas/Errors'}",
				"schema: {type: object, properties: {errors: {type: array, items: {type: string}}}}"},
		},
		{
			name: "descriptions, examples and extensions are not diffs",
			edits: []string{
				"operationId: GetUser\n", "operationId: GetUser\n      summary: Get one\n      description: Long text\n",
				"id: {type: string}", "id: {type: string, description: The ID, example: user_1, title: ID, x-go-name: ID}",
				"description: not found", "description: nothing here",
			},
		},
		{
			name: "oneOf order is not a diff",
			edits: []string{"                  - {$ref: '#/components/schemas/Token'}\n                  - {$ref: '#/components/schemas/Cookies'}",
				"                  - {$ref: '#/components/schemas/Cookies'}\n                  - {$ref: '#/components/schemas/Token'}"},
		},
		{
			name:  "oneOf member changed",
			edits: []string{"jwt: {type: string}", "jwt: {type: string, nullable: true}"},
			want:  []string{"POST /sessions/{session_id}/refresh response.200.application/json.oneOf[0].jwt: nullable true != false"},
		},
		{
			name:  "additionalProperties unset equals true",
			edits: []string{"metadata: {type: object, additionalProperties: true}", "metadata: {type: object}"},
		},
		{
			name:  "additionalProperties false differs",
			edits: []string{"metadata: {type: object, additionalProperties: true}", "metadata: {type: object, additionalProperties: false}"},
			want: []string{
				"GET /users/{user_id} response.200.application/json.metadata{}: additionalProperties false != any",
				"POST /users response.200.application/json.metadata{}: additionalProperties false != any",
			},
		},
		{
			name:  "property missing and default",
			edits: []string{"        id: {type: string}\n        first_name", "        id: {type: string, default: x}\n        nick: {type: string}\n        first_name"},
			want: []string{
				`GET /users/{user_id} response.200.application/json.id: default "x" != none`,
				"GET /users/{user_id} response.200.application/json.nick: property missing upstream",
				`POST /users response.200.application/json.id: default "x" != none`,
				"POST /users response.200.application/json.nick: property missing upstream",
			},
		},
	}
	up := loadText(t, base)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Compare(loadText(t, edit(t, tt.edits...)), up)
			got := keysOf(res.Diffs)
			want := tt.want
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(got, want) {
				t.Errorf("diffs:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestCoverage(t *testing.T) {
	ours := loadText(t, edit(t, "  /sessions/{session_id}/refresh:\n    post:", "  /sessions/{session_id}/refresh:\n    put:"))
	res := Compare(ours, loadText(t, base))
	if res.Ours != 3 || res.Upstream != 3 || res.Covered != 2 {
		t.Errorf("counts ours=%d upstream=%d covered=%d", res.Ours, res.Upstream, res.Covered)
	}
	if want := []Op{{"POST", "/sessions/{session_id}/refresh", "RefreshSession"}}; !slices.Equal(res.Uncovered, want) {
		t.Errorf("uncovered %v", res.Uncovered)
	}
	if got := keysOf(res.Diffs); !slices.Equal(got, []string{"PUT /sessions/{session_id}/refresh operation: missing upstream"}) {
		t.Errorf("diffs %q", got)
	}
}

func TestAllowList(t *testing.T) {
	res := Compare(loadText(t, edit(t,
		"first_name: {type: string, nullable: true}", "first_name: {type: integer, nullable: true}",
		"{name: expand, in: query,", "{name: expand, in: query, required: true,",
	)), loadText(t, base))

	al, err := ParseAllowList([]byte(`
allow:
  - match: "* response.200.application/json.first_name: type integer != string"
    reason: generation needs it
  - match: "GET /users/{user_id} param.query.expand: required true != false"
    reason: exact key
  - match: "DELETE /nothing *"
    reason: stale
`))
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := report(res, al, false, &out, &errOut); code != 0 {
		t.Errorf("exit %d, want 0\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "summary: 3 differences (3 allow-listed)") {
		t.Errorf("summary:\n%s", out.String())
	}
	if !strings.Contains(errOut.String(), `WARN stale allow-list entry matched nothing: "DELETE /nothing *"`) {
		t.Errorf("no stale warning:\n%s", errOut.String())
	}

	// Without the glob entry one diff per operation is left and the run fails.
	al, err = ParseAllowList([]byte("allow:\n  - {match: \"GET /users/{user_id} *\", reason: r}\n"))
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := report(res, al, false, &out, &errOut); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if got := out.String(); !strings.Contains(got, "DIFF POST /users response.200.application/json.first_name: type integer != string\n") ||
		strings.Contains(got, "DIFF GET") {
		t.Errorf("output:\n%s", got)
	}
}

func TestAllowListErrors(t *testing.T) {
	for _, text := range []string{
		"allow:\n  - match: GET /users *\n",                  // no reason
		"allow:\n  - {match: GET /users *, reason: \" \"}\n", // blank reason
		"allow:\n  - reason: why\n",                          // no match
		"allow:\n  - {match: x, reason: y, note: z}\n",       // unknown key
	} {
		if _, err := ParseAllowList([]byte(text)); err == nil {
			t.Errorf("no error for %q", text)
		}
	}
	if al, err := ParseAllowList([]byte("allow: []\n")); err != nil || len(al.Allow) != 0 {
		t.Errorf("empty list: %v %v", al, err)
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	up := write("up.yaml", base)
	same := write("same.yaml", edit(t, "description: not found", "description: missing"))
	drift := write("drift.yaml", edit(t, "enum: [a, b]", "enum: [a]"))
	noReason := write("allow.yaml", "allow:\n  - match: x\n")

	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"-ours", same, "-upstream", up}, 0},
		{[]string{"-ours", drift, "-upstream", up}, 1},
		{[]string{"-ours", drift, "-upstream", up, "-allow", noReason}, 2},
		{[]string{"-ours", same}, 2},
		{[]string{"-ours", filepath.Join(dir, "nope.yaml"), "-upstream", up}, 2},
	} {
		var out, errOut bytes.Buffer
		if code := run(tt.args, &out, &errOut); code != tt.code {
			t.Errorf("run %v = %d, want %d\n%s%s", tt.args, code, tt.code, out.String(), errOut.String())
		}
	}
}

// TestNarrowedGoType checks that a Go type that cannot hold every value
// upstream allows is a diff, wherever the schema is used: a query
// parameter, a request body and a response. The Go type is the schema's
// x-go-type, else oapi-codegen's default for its type and format; the
// nullable.Nullable[T] of our PATCH bodies is judged by its T.
func TestNarrowedGoType(t *testing.T) {
	const spec = `openapi: 3.0.3
info: {title: test, version: "1"}
paths:
  /t:
    post:
      operationId: T
      parameters:
        - {name: q, in: query, schema: SCHEMA}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {f: SCHEMA}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {f: SCHEMA}}
components:
  schemas:
    N: {type: number, x-go-type: float64}
    S: {type: string}
`
	nullable := func(goType, schema string) string {
		return "{" + schema + ", x-go-type: 'nullable.Nullable[" + goType + "]', x-go-type-import: {path: github.com/oapi-codegen/nullable}, x-go-type-skip-optional-pointer: true}"
	}
	at := func(msg string) []string {
		return []string{
			"POST /t param.query.q: " + msg,
			"POST /t requestBody.application/json.f: " + msg,
			"POST /t response.200.application/json.f: " + msg,
		}
	}
	tests := []struct {
		name, ours, up string
		want           []string
	}{
		{"x-go-type int64 on a number", "{type: number, nullable: true, x-go-type: int64}", "{type: number, nullable: true}",
			at("go type int64 narrower than number")},
		{"default float32 for a bare number", "{type: number}", "{type: number}",
			at("go type float32 narrower than number")},
		{"x-go-type float64 on a number", "{type: number, x-go-type: float64}", "{type: number}", nil},
		{"json.Number on a number", "{type: number, x-go-type: json.Number}", "{type: number}", nil},
		{"double", "{type: number, format: double}", "{type: number, format: double}", nil},
		{"float", "{type: number, format: float}", "{type: number, format: float}", nil},
		{"x-go-type int64 on a double", "{type: number, format: double, x-go-type: int64}", "{type: number, format: double}",
			at("go type int64 narrower than number/double")},
		{"integer where upstream says number is a type diff only", "{type: integer}", "{type: number}",
			at("type integer != number")},
		{"integer", "{type: integer}", "{type: integer}", nil},
		{"int64", "{type: integer, format: int64}", "{type: integer, format: int64}", nil},
		{"x-go-type int32 on an int64", "{type: integer, format: int64, x-go-type: int32}", "{type: integer, format: int64}",
			at("go type int32 narrower than integer/int64")},
		{"x-go-type float64 on an int64", "{type: integer, format: int64, x-go-type: float64}", "{type: integer, format: int64}",
			at("go type float64 narrower than integer/int64")},
		{"x-go-type string on an email", "{type: string, format: email, x-go-type: string}", "{type: string, format: email}", nil},
		{"unknown x-go-type", "{type: string, x-go-type: mypkg.Name}", "{type: string}",
			at("go type mypkg.Name not known to hold every string")},
		{"x-go-type on a nullable wrapper", "{nullable: true, x-go-type: int64, allOf: [{type: number}]}", "{type: number, nullable: true}",
			at("go type int64 narrower than number")},
		{"x-go-type beside a $ref", "{$ref: '#/components/schemas/N', x-go-type: int64}", "{type: number}",
			at("go type int64 narrower than number")},
		{"x-go-type on a referenced schema", "{$ref: '#/components/schemas/N'}", "{type: number}", nil},
		{"uint32 in an int64", "{type: integer, format: int32, x-go-type: int64}", "{type: integer, format: uint32}",
			at("format int32 != uint32")},
		{"boolean", "{type: boolean, x-go-type: string}", "{type: boolean}",
			at("go type string narrower than boolean")},
		{"string for an integer", "{type: integer, x-go-type: string}", "{type: integer}",
			at("go type string narrower than integer")},
		{"uint64 for a signed integer", "{type: integer, x-go-type: uint64}", "{type: integer}",
			at("go type uint64 narrower than integer")},

		// nullable.Nullable[T] is as wide as T; a slice as its elements.
		{"Nullable string", nullable("string", "type: string, nullable: true"), "{type: string, nullable: true}", nil},
		{"Nullable bool", nullable("bool", "type: boolean, nullable: true"), "{type: boolean, nullable: true}", nil},
		{"Nullable int64 on an int64", nullable("int64", "type: integer, format: int64"), "{type: integer, format: int64}", nil},
		{"Nullable float64 on a number", nullable("float64", "type: number"), "{type: number}", nil},
		{"Nullable any on an untyped schema", nullable("interface{}", "nullable: true"), "{nullable: true}", nil},
		{"Nullable string slice on an array", nullable("[]string", "type: array, items: {type: string}"), "{type: array, items: {type: string}}", nil},
		{"Nullable int32 on an int64", nullable("int32", "type: integer, format: int64"), "{type: integer, format: int64}",
			at("go type nullable.Nullable[int32] narrower than integer/int64")},
		{"Nullable float32 on a number", nullable("float32", "type: number"), "{type: number}",
			at("go type nullable.Nullable[float32] narrower than number")},
		{"Nullable int32 slice on an array of int64", nullable("[]int32", "type: array, items: {type: integer, format: int64}"), "{type: array, items: {type: integer, format: int64}}",
			at("go type nullable.Nullable[[]int32] narrower than array")},
		{"string slice on an array of integers", "{type: array, items: {type: integer}, x-go-type: '[]string'}", "{type: array, items: {type: integer}}",
			at("go type []string narrower than array")},
		{"Nullable without its import", "{type: string, x-go-type: 'nullable.Nullable[string]'}", "{type: string}",
			at("go type nullable.Nullable[string] not known to hold every string")},
		{"Nullable of another package", "{type: string, x-go-type: 'nullable.Nullable[string]', x-go-type-import: {path: example.com/nullable}}", "{type: string}",
			at("go type nullable.Nullable[string] not known to hold every string")},
		{"Nullable beside a $ref", "{$ref: '#/components/schemas/S', x-go-type: 'nullable.Nullable[string]', x-go-type-import: {path: github.com/oapi-codegen/nullable}}", "{type: string}", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ours := loadText(t, strings.ReplaceAll(spec, "SCHEMA", tt.ours))
			up := loadText(t, strings.ReplaceAll(spec, "SCHEMA", tt.up))
			got := keysOf(Compare(ours, up).Diffs)
			want := tt.want
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(got, want) {
				t.Errorf("diffs:\n got %q\nwant %q", got, want)
			}
		})
	}
}
