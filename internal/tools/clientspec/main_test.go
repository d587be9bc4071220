package main

import (
	"strings"
	"testing"
)

func TestFilterKeepsOnly2xx(t *testing.T) {
	src := `openapi: 3.0.3
paths:
  /users/{id}:
    parameters: []
    get:
      operationId: GetUser
      responses:
        "200":
          description: ok
        "404":
          $ref: '#/components/responses/ClerkErrors'
        "422":
          description: bad
    delete:
      responses:
        "204":
          description: gone
        "500":
          description: boom
components:
  responses:
    ClerkErrors:
      description: errors
`
	out, err := filter([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, gone := range []string{`"404"`, `"422"`, `"500"`} {
		if strings.Contains(s, gone) {
			t.Errorf("%s kept:\n%s", gone, s)
		}
	}
	for _, kept := range []string{`"200"`, `"204"`, "ClerkErrors:", "operationId: GetUser", "parameters: []"} {
		if !strings.Contains(s, kept) {
			t.Errorf("%s lost:\n%s", kept, s)
		}
	}
}

func TestFilterRefusesOperationWithoutSuccess(t *testing.T) {
	src := "paths:\n  /x:\n    get:\n      responses:\n        \"404\":\n          description: no\n"
	if _, err := filter([]byte(src)); err == nil || !strings.Contains(err.Error(), "GET /x") {
		t.Errorf("filter = %v, want an error naming GET /x", err)
	}
}
