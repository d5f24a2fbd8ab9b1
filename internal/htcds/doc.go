// Package htcds exports the víctimas of a year as anonymized microdata for
// IOM's Counter Trafficking Data Collaborative (CTDC): one row per víctima
// with the variables of the CTDC's codebook, which the Human Trafficking
// Case Data Standard (HTCDS) feeds, derived from her statistical
// attributes and the catalog codes of her expedientes and carpetas only,
// never from her personal data.
//
// Every exported variable is a quasi-identifier, as CTDC treats them: the
// rows are k-anonymous, each one identical to at least k−1 others. Rare
// nationalities are recoded to their UN M49 region first; then a row
// whose group is smaller than k is generalized step by step, always in the
// same order, and released at the first step where it joins a group of k;
// a row that joins none even when fully generalized is left out, and
// counted. The functions that do it are pure and tested on their own.
package htcds
