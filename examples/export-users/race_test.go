//go:build race

package main

// raceEnabled is true under -race, which makes the fake
// several times slower; the tests then seed fewer users.
const raceEnabled = true
