//go:build tools

// Package tools pins the code generator and holds the project's own
// development programs. It is a separate module so that importers of
// github.com/gobapi/clerk never download the generator.
package tools

import _ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
