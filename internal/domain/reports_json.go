package domain

import (
	"cmp"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// The JSON form of a report is the API's (schema Report) and the form an
// issued report is frozen in: lists are empty, never null, and a period's
// bounds are dates.

// MarshalJSON writes the report with empty lists where it has none.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	p := plain(r)
	p.Tables, p.Notes, p.Letterhead = orEmpty(p.Tables), orEmpty(p.Notes), orEmpty(p.Letterhead)
	return json.Marshal(p)
}

// MarshalJSON writes the table with empty lists where it has none.
func (t Table) MarshalJSON() ([]byte, error) {
	type plain Table
	p := plain(t)
	p.Columns, p.Rows = orEmpty(p.Columns), orEmpty(p.Rows)
	return json.Marshal(p)
}

// MarshalJSON writes the row with an empty list of cells where it has none.
func (r Row) MarshalJSON() ([]byte, error) {
	type plain Row
	p := plain(r)
	p.Cells = orEmpty(p.Cells)
	return json.Marshal(p)
}

// periodJSON is a period as the API shows it (schema Period).
type periodJSON struct {
	ID       uuid.UUID `json:"id"`
	Name     string    `json:"name"`
	Kind     string    `json:"kind"`
	StartsOn string    `json:"starts_on"`
	EndsOn   string    `json:"ends_on"`
	// The bounds as the first versions wrote them, as instants.
	LegacyStartsOn string `json:"StartsOn,omitempty"`
	LegacyEndsOn   string `json:"EndsOn,omitempty"`
}

// MarshalJSON writes the period with its bounds as dates.
func (p Period) MarshalJSON() ([]byte, error) {
	return json.Marshal(periodJSON{ID: p.ID, Name: p.Name, Kind: p.Kind,
		StartsOn: p.StartsOn.Format(time.DateOnly), EndsOn: p.EndsOn.Format(time.DateOnly)})
}

// UnmarshalJSON reads a period written by MarshalJSON, or by the versions
// that wrote its bounds as instants.
func (p *Period) UnmarshalJSON(b []byte) error {
	var in periodJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	starts, err := parseDay(cmp.Or(in.StartsOn, in.LegacyStartsOn))
	if err != nil {
		return err
	}
	ends, err := parseDay(cmp.Or(in.EndsOn, in.LegacyEndsOn))
	if err != nil {
		return err
	}
	*p = Period{ID: in.ID, Name: in.Name, Kind: in.Kind, StartsOn: starts, EndsOn: ends}
	return nil
}

func parseDay(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("domain: period bound %q is not a date", s)
	}
	return t, nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
