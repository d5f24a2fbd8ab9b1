// Package layers holds the test that keeps SINTRA's layers apart: which
// package may import which. It has no code of its own.
package layers
