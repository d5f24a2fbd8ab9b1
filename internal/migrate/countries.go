package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/pressly/goose/v3"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// goMigrations are the migrations written in Go rather than SQL.
func goMigrations() []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(2, &goose.GoFunc{RunTx: seedCountries}, &goose.GoFunc{RunTx: deleteCountries}),
	}
}

// notISO3166 are region codes x/text knows that are not ISO 3166-1 country
// codes: exceptional reservations, Kosovo's user-assigned code, and codes
// withdrawn from the standard.
var notISO3166 = map[string]bool{
	"AC": true, "CP": true, "DG": true, "TA": true, "XK": true,
	"BU": true, "CT": true, "DD": true, "DY": true, "FX": true, "HV": true, "JT": true, "MI": true,
	"NH": true, "NQ": true, "PU": true, "PZ": true, "RH": true, "TP": true, "VD": true, "WK": true,
	"YD": true, "ZR": true,
}

// Country is an ISO 3166-1 country with its Spanish name.
type Country struct {
	Alpha2, Alpha3, Name string
}

// Countries returns the ISO 3166-1 countries with their Spanish names from
// CLDR, México first and then in Spanish alphabetical order.
func Countries() []Country {
	names := display.Spanish.Regions()
	var out []Country
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.String() != code || notISO3166[code] {
				continue
			}
			name, alpha3 := names.Name(r), r.ISO3()
			if name == "" || alpha3 == "ZZZ" {
				continue
			}
			out = append(out, Country{Alpha2: code, Alpha3: alpha3, Name: name})
		}
	}
	spanish := collate.New(language.Spanish)
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Alpha2 == "MX") != (out[j].Alpha2 == "MX") {
			return out[i].Alpha2 == "MX"
		}
		return spanish.CompareString(out[i].Name, out[j].Name) < 0
	})
	return out
}

func seedCountries(ctx context.Context, tx *sql.Tx) error {
	for i, c := range Countries() {
		_, err := tx.ExecContext(ctx,
			"INSERT INTO countries (code, alpha3, name, position) VALUES ($1, $2, $3, $4)",
			c.Alpha2, c.Alpha3, c.Name, i+1)
		if err != nil {
			return fmt.Errorf("seed country %s: %w", c.Alpha2, err)
		}
	}
	return nil
}

func deleteCountries(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM countries")
	return err
}
