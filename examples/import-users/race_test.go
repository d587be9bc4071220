//go:build race

package main

// raceEnabled is true under -race, which makes the fake and the importer
// several times slower; the big tests then use fewer rows.
const raceEnabled = true
