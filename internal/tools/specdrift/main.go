// Command specdrift reports where our OpenAPI description of the Clerk
// Backend API differs from Clerk's published one, operation by operation.
//
// Usage, from internal/tools:
//
//	go run ./specdrift -ours ../../openapi/bapi.yaml -upstream PATH [-allow ../../openapi/drift-allow.yaml] [-v]
//
// For every operation (METHOD + path) of ours it compares existence upstream,
// operationId, deprecated, tags (as a set), effective security (schemes by
// definition, not name), parameters (by in+name: required, deprecated,
// style/explode with defaults applied, allowEmptyValue, allowReserved,
// schema), the request body (required, content types, schema) and every
// response status code (presence, content types, schema or no body).
// Response headers, links, callbacks and servers are not compared.
//
// Schemas are compared structurally after resolving $refs, so renamed or
// moved schemas are not differences: type, format, nullable, enum (as a set),
// required (per field), properties (recursively), items, additionalProperties,
// not, oneOf/anyOf, discriminator, default, bounds, lengths, pattern, item
// and property counts, readOnly/writeOnly and deprecated. Descriptions,
// summaries, titles, examples and x-* extensions are ignored, except
// x-go-type: where the types agree, our Go type (the x-go-type, else
// oapi-codegen's default, float32 for a bare number) must hold every value
// upstream's type and format allow, or the narrowing is a difference
// ("go type int64 narrower than number"): such a response fails to decode
// and such a request value cannot be sent.
//
// Normalizations, so that form changes made for code generation are not reported:
//   - a schema that is only a single-member allOf, oneOf or anyOf (plus
//     nullable/deprecated/documentation) equals its member, with nullable and
//     deprecated set if either sets them;
//   - any other allOf is merged into one schema (properties and required are
//     unions; other keywords come from the first schema that sets them);
//   - additionalProperties unset, true and {} are equal (OpenAPI 3.0: any
//     extra property is allowed); false and a schema are distinct;
//   - oneOf/anyOf members are compared as a set (order does not matter); if
//     they cannot be paired without differences, they are compared in order.
//
// Recursive schemas are compared once per path: a pair of schemas already
// being compared further up is not entered again.
//
// Each difference is printed as "DIFF METHOD /path location: ours != upstream",
// sorted. An operation of ours that upstream lacks is a difference; upstream
// operations that ours lacks are only counted (listed with -v). Exit status:
// 1 if a difference is not allowed by the allow-list, 2 on usage or load
// errors, 0 otherwise.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("specdrift", flag.ContinueOnError)
	fs.SetOutput(stderr)
	oursPath := fs.String("ours", "", "our OpenAPI file")
	upPath := fs.String("upstream", "", "the upstream OpenAPI file")
	allowPath := fs.String("allow", "", "allow-list YAML of deliberate differences (optional)")
	verbose := fs.Bool("v", false, "list the upstream operations that ours does not cover")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *oursPath == "" || *upPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: specdrift -ours FILE -upstream FILE [-allow FILE] [-v]")
		return 2
	}
	ours, err := load(*oursPath)
	if err != nil {
		fmt.Fprintln(stderr, "specdrift:", err)
		return 2
	}
	up, err := load(*upPath)
	if err != nil {
		fmt.Fprintln(stderr, "specdrift:", err)
		return 2
	}
	var allow *AllowList
	if *allowPath != "" {
		if allow, err = LoadAllowList(*allowPath); err != nil {
			fmt.Fprintln(stderr, "specdrift:", err)
			return 2
		}
	}
	return report(Compare(ours, up), allow, *verbose, stdout, stderr)
}

func load(path string) (*openapi3.T, error) {
	l := openapi3.NewLoader()
	doc, err := l.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return doc, nil
}

// report prints the diffs and the summary and returns the exit status.
func report(res Result, allow *AllowList, verbose bool, stdout, stderr io.Writer) int {
	failed, allowed, missingUp := 0, 0, 0
	for _, d := range res.Diffs {
		if d.Loc == "operation" {
			missingUp++
		}
		if allow.Allowed(d.Key()) {
			allowed++
			if verbose {
				fmt.Fprintln(stdout, "ALLOWED", d.Key())
			}
			continue
		}
		failed++
		fmt.Fprintln(stdout, "DIFF", d.Key())
	}
	for _, e := range allow.Stale() {
		fmt.Fprintf(stderr, "WARN stale allow-list entry matched nothing: %q\n", e.Match)
	}
	if verbose {
		for _, o := range res.Uncovered {
			fmt.Fprintf(stdout, "UNCOVERED %s %s %s\n", o.Method, o.Path, o.ID)
		}
	}
	pct := 0.0
	if res.Upstream > 0 {
		pct = 100 * float64(res.Covered) / float64(res.Upstream)
	}
	fmt.Fprintf(stdout, "summary: %d differences (%d allow-listed), values are ours != upstream\n", failed+allowed, allowed)
	fmt.Fprintf(stdout, "operations: ours %d, upstream %d, covered %d/%d (%.1f%%), ours but not upstream %d\n",
		res.Ours, res.Upstream, res.Covered, res.Upstream, pct, missingUp)
	if verbose {
		fmt.Fprintf(stdout, "upstream operations not in ours: %d (listed above)\n", len(res.Uncovered))
	} else {
		fmt.Fprintf(stdout, "upstream operations not in ours: %d (-v lists them)\n", len(res.Uncovered))
	}
	if failed > 0 {
		fmt.Fprintf(stdout, "FAIL: %d differences not in the allow-list\n", failed)
		return 1
	}
	fmt.Fprintln(stdout, "OK")
	return 0
}
