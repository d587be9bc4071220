// Command clientspec writes the OpenAPI document the HTTP clients
// (internal/apiclient, bapi) and the fake's server are generated from:
// openapi/bapi.yaml with every response outside 2xx removed
// from every operation.
//
// The client's transport turns each non-2xx response into a *clerk.APIError
// before the generated parser sees it, so the parser's cases for the error
// statuses (400, 401, 402, 403, 404, 409, 422, 429, 500 …, all of them Clerk's
// one error envelope) could never run. Generated, they were the larger part
// of the client: 4,824 lines named JSON4xx or JSON5xx against 1,440 for
// JSON200, and every consumer compiled them. The fake's strict server
// (clerktest) is generated from this document too: it writes every error
// through its own envelope, so its 4xx/5xx response types were 11,000
// lines that no handler used. The models and the drift check still read the
// whole document.
//
//	clientspec -in openapi/bapi.yaml -out /tmp/client-spec.yaml
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

func main() {
	in := flag.String("in", "", "the OpenAPI document to read")
	out := flag.String("out", "", "where to write the client's document")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "clientspec:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	if in == "" || out == "" {
		return errors.New("need -in and -out")
	}
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	dst, err := filter(src)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	return os.WriteFile(out, dst, 0o644)
}

// methods are the operation keys of a path item.
var methods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}

// filter returns the document src with the responses outside 2xx removed
// from every operation. An operation left without a response is an error:
// the client would have nothing to decode.
func filter(src []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) != 1 {
		return nil, errors.New("not a YAML document")
	}
	paths := mapValue(doc.Content[0], "paths")
	if paths == nil {
		return nil, errors.New("no paths")
	}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		path, item := paths.Content[i].Value, paths.Content[i+1]
		for j := 0; j+1 < len(item.Content); j += 2 {
			method := item.Content[j].Value
			if !methods[method] {
				continue
			}
			responses := mapValue(item.Content[j+1], "responses")
			if responses == nil {
				continue
			}
			kept := responses.Content[:0]
			for k := 0; k+1 < len(responses.Content); k += 2 {
				if strings.HasPrefix(responses.Content[k].Value, "2") {
					kept = append(kept, responses.Content[k], responses.Content[k+1])
				}
			}
			if len(kept) == 0 {
				return nil, fmt.Errorf("%s %s has no 2xx response", strings.ToUpper(method), path)
			}
			responses.Content = kept
		}
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// mapValue returns the value of key in the mapping node m, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
