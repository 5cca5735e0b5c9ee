// Package rcheck holds the cross-check of the scoring engine against R: its test writes a
// response set simulated deterministically from known parameters, runs R's psych::alpha()
// and an EAP computed independently in plain R (testdata/crosscheck.R), and requires
// agreement — α and corrected item–total correlations to 3 decimals, EAP θ and SE within
// 0.01. R comes from Debian's packages (scripts/services/r). Without Rscript the test
// skips, except under CI, where it fails: a cross-check that silently stops running is
// worse than none.
//
// Run it on its own with: go test -v -run CrossCheck ./shared/scoring/rcheck
package rcheck
