// Package bench measures github.com/gobapi/clerk side by side with the
// official github.com/clerk/clerk-sdk-go/v2 and with golang-jwt/jwt/v5 as a
// reference verifier.
//
// It is a separate module so that the library never depends on the official
// SDK or on golang-jwt. Everything runs over loopback: no test reaches the
// internet.
//
// The timing benchmarks are meant to be run in one `go test -bench` run and
// compared with benchstat; TestJWKSFlood and TestList100k print counts and
// figures (lines starting with "RESULT") instead of timings. The script
// scripts/bench-compare.sh at the repository root runs everything and
// writes BENCHMARKS.md.
package bench
