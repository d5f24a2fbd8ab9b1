package reports

import (
	"fmt"
	"time"
)

// Period kinds: the Comisión's quarters and year, months, and periods of
// any bounds the Secretaría Técnica defines.
var PeriodKinds = []string{"trimestral", "anual", "mensual", "personalizado"}

// ComisionYear returns the reporting periods of a year as the Comisión
// reports them: the second quarter runs from 15 March to 15 June (the 2024
// report), so the quarters end on the 15th of March, June, September and
// December, and the year runs from 16 December of the year before to 15
// December, when the annual report is presented. Together they cover every
// day once.
func ComisionYear(year int) []PeriodInput {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	bounds := [4][2]time.Time{
		{day(year-1, time.December, 16), day(year, time.March, 14)},
		{day(year, time.March, 15), day(year, time.June, 15)},
		{day(year, time.June, 16), day(year, time.September, 15)},
		{day(year, time.September, 16), day(year, time.December, 15)},
	}
	out := make([]PeriodInput, 0, 5)
	for q, b := range bounds {
		out = append(out, PeriodInput{Name: fmt.Sprintf("%d T%d", year, q+1), Kind: "trimestral", StartsOn: b[0], EndsOn: b[1]})
	}
	return append(out, PeriodInput{Name: fmt.Sprint(year), Kind: "anual", StartsOn: bounds[0][0], EndsOn: bounds[3][1]})
}

// Month returns the period of a calendar month.
func Month(year int, month time.Month) PeriodInput {
	from := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	return PeriodInput{Name: fmt.Sprintf("%d-%02d", year, int(month)), Kind: "mensual", StartsOn: from, EndsOn: from.AddDate(0, 1, -1)}
}
