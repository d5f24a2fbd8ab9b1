package reports_test

import (
	"testing"
	"time"

	"sintra/internal/reports"
)

func TestComisionYearTilesTheYearAsTheComisionReports(t *testing.T) {
	periods := reports.ComisionYear(2024)
	if len(periods) != 5 {
		t.Fatalf("%d periods, want 4 quarters and the year", len(periods))
	}
	t2 := periods[1]
	if t2.Name != "2024 T2" || t2.StartsOn.Format(time.DateOnly) != "2024-03-15" || t2.EndsOn.Format(time.DateOnly) != "2024-06-15" {
		t.Errorf("T2 is %s %s–%s, want 2024 T2 2024-03-15–2024-06-15 (the published report)", t2.Name, t2.StartsOn, t2.EndsOn)
	}
	year := periods[4]
	if year.Kind != "anual" || year.Name != "2024" {
		t.Fatalf("last period is %+v, want the year", year)
	}
	// Every day of the year lies in exactly one quarter.
	for d := year.StartsOn; !d.After(year.EndsOn); d = d.AddDate(0, 0, 1) {
		n := 0
		for _, q := range periods[:4] {
			if !d.Before(q.StartsOn) && !d.After(q.EndsOn) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%s lies in %d quarters", d.Format(time.DateOnly), n)
		}
	}
	// The next year starts the day after.
	if next := reports.ComisionYear(2025)[0].StartsOn; !next.Equal(year.EndsOn.AddDate(0, 0, 1)) {
		t.Errorf("2025 starts %s, the day after 2024 ends is %s", next, year.EndsOn.AddDate(0, 0, 1))
	}
}

func TestMonthCoversTheCalendarMonth(t *testing.T) {
	feb := reports.Month(2024, time.February)
	if feb.Name != "2024-02" || feb.Kind != "mensual" || feb.StartsOn.Format(time.DateOnly) != "2024-02-01" || feb.EndsOn.Format(time.DateOnly) != "2024-02-29" {
		t.Errorf("February 2024 is %+v", feb)
	}
}
