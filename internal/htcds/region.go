package htcds

import (
	"slices"

	"golang.org/x/text/language"
)

// The UN M49 regions and subregions a rare nationality is recoded to, as
// CLDR (through golang.org/x/text) groups the countries.
var (
	m49Regions    = []string{"002", "019", "142", "150", "009"}
	m49Subregions = []string{"014", "017", "015", "018", "011", "029", "013", "005", "021", "143", "030", "035", "034", "145",
		"151", "154", "039", "155", "053", "054", "057", "061"}
)

// within returns the first of groups that contains code, a country or a
// subregion, or "".
func within(code string, groups []string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return ""
	}
	for _, g := range groups {
		if g != code && language.MustParseRegion(g).Contains(r) {
			return g
		}
	}
	return ""
}

// coarserCitizenship is the next coarser value of a citizenship: a
// country's subregion (or region, for the few outlying territories in
// none), a subregion's region, and Unknown above a region.
func coarserCitizenship(v string) string {
	if v == Unknown {
		return Unknown
	}
	if s := within(v, m49Subregions); s != "" {
		return s
	}
	if r := within(v, m49Regions); r != "" {
		return r
	}
	return Unknown
}

// regionOf is the M49 region of a citizenship value, or Unknown.
func regionOf(v string) string {
	for v != Unknown && !slices.Contains(m49Regions, v) {
		v = coarserCitizenship(v)
	}
	return v
}
