package migrate_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"sintra/internal/migrate"
	"sintra/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func TestMigrations_UpThenDownToZeroThenUpAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Empty(t)
	owner := testdb.Pool(t, db.OwnerURL)
	schema, err := migrate.Open(owner)
	if err != nil {
		t.Fatal(err)
	}
	defer schema.Close()

	if err := schema.CheckCurrent(ctx); err == nil {
		t.Fatal("an empty database passes CheckCurrent")
	}
	applied, err := schema.Up(ctx)
	if err != nil || applied == 0 {
		t.Fatalf("up: applied %d, %v", applied, err)
	}
	if err := schema.CheckCurrent(ctx); err != nil {
		t.Fatalf("after up: %v", err)
	}
	// One step down per migration applied: version numbers may leave gaps.
	for i := range applied {
		if err := schema.Down(ctx); err != nil {
			t.Fatalf("down step %d: %v", i+1, err)
		}
	}
	var tables int
	owner.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version'").Scan(&tables)
	if tables != 0 {
		t.Errorf("%d tables left after migrating down to zero", tables)
	}
	if _, err := schema.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	var status bytes.Buffer
	if err := schema.WriteStatus(ctx, &status); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(status.String(), "pending") || !strings.Contains(status.String(), "00001_catalogs.sql") {
		t.Errorf("status after up:\n%s", status.String())
	}
}

func TestAppRole_CannotChangeTheSchemaOrCatalogs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := testdb.Pool(t, testdb.New(t).AppURL)
	for _, stmt := range []string{
		"CREATE TABLE intruder (id int)",
		"DELETE FROM municipios",
		"UPDATE institutions SET name = 'x'",
		"DROP TABLE countries",
	} {
		if _, err := app.Exec(ctx, stmt); err == nil {
			t.Errorf("application role could run %q", stmt)
		}
	}
	var n int
	if err := app.QueryRow(ctx, "SELECT count(*) FROM municipios").Scan(&n); err != nil || n != 11 {
		t.Errorf("application role reads %d municipios, %v; want 11", n, err)
	}
}

func TestCountries_AreTheISO3166ListInSpanish(t *testing.T) {
	t.Parallel()
	countries := migrate.Countries()
	if len(countries) != 249 {
		t.Errorf("got %d countries, ISO 3166-1 has 249", len(countries))
	}
	if countries[0].Alpha2 != "MX" || countries[0].Name != "México" {
		t.Errorf("first country = %+v, want México", countries[0])
	}
	byCode := map[string]string{}
	for _, c := range countries {
		byCode[c.Alpha2] = c.Name
	}
	for code, name := range map[string]string{"CO": "Colombia", "CU": "Cuba", "VE": "Venezuela", "AR": "Argentina", "US": "Estados Unidos", "GT": "Guatemala"} {
		if byCode[code] != name {
			t.Errorf("%s = %q, want %q", code, byCode[code], name)
		}
	}
}
