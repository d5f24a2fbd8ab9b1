// Package layers holds the tests that keep SINTRA's layers apart: which
// package may import which, which file alone opens a víctima's personal
// data, and which module of the web application may import which. It has
// no code of its own.
package layers
