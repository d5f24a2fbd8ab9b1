package clock_test

import (
	"testing"
	"time"

	"sintra/internal/clock"
)

func TestTodayIsQuintanaRoosDate(t *testing.T) {
	cases := []struct {
		instant string
		today   string
	}{
		// 23:30 in Cancún is already the next day in UTC.
		{"2025-06-15T04:30:00Z", "2025-06-14"},
		{"2025-06-15T04:59:59Z", "2025-06-14"},
		{"2025-06-15T05:00:00Z", "2025-06-15"},
		// New year arrives five hours later than in UTC.
		{"2026-01-01T03:00:00Z", "2025-12-31"},
	}
	for _, c := range cases {
		at, _ := time.Parse(time.RFC3339, c.instant)
		got := clock.Fixed(at).Today().Format(time.DateOnly)
		if got != c.today {
			t.Errorf("at %s today is %s, want %s", c.instant, got, c.today)
		}
	}
}

func TestIsFutureComparesCalendarDates(t *testing.T) {
	at, _ := time.Parse(time.RFC3339, "2025-06-15T04:30:00Z") // 14 June, 23:30 in Cancún
	c := clock.Fixed(at)
	today, _ := time.Parse(time.DateOnly, "2025-06-14")
	tomorrow, _ := time.Parse(time.DateOnly, "2025-06-15")
	if c.IsFuture(today) {
		t.Error("14 June reads as future at 23:30 of 14 June in Cancún")
	}
	if !c.IsFuture(tomorrow) {
		t.Error("15 June does not read as future at 23:30 of 14 June in Cancún")
	}
	// A date given with a time of day in another zone is still its calendar date.
	late := time.Date(2025, 6, 14, 22, 0, 0, 0, time.FixedZone("UTC+9", 9*3600))
	if c.IsFuture(late) {
		t.Error("a date's time of day changed its calendar day")
	}
}

func TestStartingRunsFromTheGivenInstant(t *testing.T) {
	start := time.Date(2025, 6, 15, 4, 30, 0, 0, time.UTC)
	c := clock.Starting(start)
	now := c.Now()
	if now.Before(start) || now.Sub(start) > time.Minute {
		t.Fatalf("clock started at %s reads %s", start, now)
	}
	if c.Today().Format(time.DateOnly) != "2025-06-14" {
		t.Fatalf("today is %s", c.Today())
	}
}

func TestZeroClockReadsTheWallClock(t *testing.T) {
	var c clock.Clock
	if d := time.Since(c.Now()); d < 0 || d > time.Minute {
		t.Fatalf("the zero clock is %s away from the wall clock", d)
	}
	if c.Now().Location() != time.UTC {
		t.Fatal("instants are not in UTC")
	}
}
