// Package clock is SINTRA's one source of "now" and "today". Instants are
// kept in UTC; calendar dates are those of Quintana Roo (America/Cancun),
// where every record is dated, whatever the time zone of the machine or of
// the browser.
package clock

import (
	"time"
	// The zone database is embedded, so that America/Cancun resolves on a
	// machine without one.
	_ "time/tzdata"
)

// ZoneName is the time zone of Quintana Roo.
const ZoneName = "America/Cancun"

// Zone is Quintana Roo's time zone.
var Zone = mustLoad(ZoneName)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("clock: " + err.Error())
	}
	return loc
}

// Clock tells the time. The zero Clock reads the wall clock.
type Clock struct {
	now func() time.Time
}

// Wall is the machine's clock.
func Wall() Clock { return Clock{} }

// Func is a clock that reads now(); a nil now reads the wall clock.
func Func(now func() time.Time) Clock { return Clock{now: now} }

// Fixed is a clock stopped at t.
func Fixed(t time.Time) Clock { return Clock{now: func() time.Time { return t }} }

// Starting is a clock that reads start now and runs at the wall clock's
// pace from then on: a demo or a test set at a chosen instant.
func Starting(start time.Time) Clock {
	began := time.Now()
	return Clock{now: func() time.Time { return start.Add(time.Since(began)) }}
}

// Now is the current instant, in UTC.
func (c Clock) Now() time.Time {
	if c.now == nil {
		return time.Now().UTC()
	}
	return c.now().UTC()
}

// Today is the current date in Quintana Roo.
func (c Clock) Today() time.Time { return DateOf(c.Now()) }

// IsFuture reports whether a calendar date is after today in Quintana Roo.
func (c Clock) IsFuture(d time.Time) bool { return Date(d).After(c.Today()) }

// DateOf is the calendar date in Quintana Roo of an instant, as midnight
// UTC: the form PostgreSQL's date columns take and give.
func DateOf(t time.Time) time.Time {
	return Date(t.In(Zone))
}

// Date drops the time of day of a calendar date, keeping its year, month
// and day as written, at midnight UTC.
func Date(d time.Time) time.Time {
	y, m, day := d.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

// Year is the current year in Quintana Roo.
func (c Clock) Year() int { return c.Today().Year() }

var monthNames = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
	"octubre", "noviembre", "diciembre"}

// MonthName is a month's name in Spanish, as the Comisión's documents write it.
func MonthName(m time.Month) string { return monthNames[m-1] }
