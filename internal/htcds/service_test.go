package htcds_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/clock"
	"sintra/internal/demo"
	"sintra/internal/domain"
	"sintra/internal/htcds"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// now is the fixtures' clock: early 2025, with 2024 over.
var now = time.Date(2025, 2, 1, 17, 0, 0, 0, time.UTC)

// wantColumns are the export's columns as the CTDC's codebook spells them:
// none of them personal data.
var wantColumns = []string{"yearOfRegistration", "Datasource", "gender", "ageBroad", "majorityStatus", "majorityStatusAtExploit",
	"citizenship", "CountryOfExploitation", "isForcedLabour", "isSexualExploit", "isOtherExploit", "isSexAndLabour",
	"isForcedMarriage", "isOrganRemoval", "isSlaveryAndPractices", "meansOfControlDebtBondage", "meansOfControlThreats",
	"meansOfControlPhysicalAbuse", "meansOfControlFalsePromises", "meansOfControlPsychoactiveSubstances",
	"meansOfControlRestrictsMovement", "meansOfControlThreatOfLawEnforcement", "meansOfControlOther", "isAbduction",
	"recruiterRelationIntimatePartner", "recruiterRelationFamily"}

// exported reads a released CSV file as a reader would: the header and the
// rows, skipping the lines of metadata.
func exported(t *testing.T, f htcds.File) (header []string, rows [][]string, text string) {
	t.Helper()
	if f.Format != "csv" {
		t.Fatalf("a %s file, want csv", f.Format)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(f.Body), "\uFEFF")))
	r.Comment, r.FieldsPerRecord = '#', -1
	all, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatal("no header")
	}
	return all[0], all[1:], string(f.Body)
}

// groupSizes groups rows by their every value: the check of k-anonymity,
// made here independently of the package.
func groupSizes(rows [][]string) map[string]int {
	out := map[string]int{}
	for _, r := range rows {
		out[strings.Join(r, "\x00")]++
	}
	return out
}

func assertKAnonymous(t *testing.T, rows [][]string, k int) {
	t.Helper()
	for key, n := range groupSizes(rows) {
		if n < k {
			t.Errorf("a group of %d rows, fewer than k = %d: %s", n, k, strings.ReplaceAll(key, "\x00", ","))
		}
	}
}

// assertNoPersonalData fails when any cell, or the metadata, holds a
// secret of the fixture.
func assertNoPersonalData(t *testing.T, rows [][]string, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, r := range rows {
			if slices.Contains(r, s) {
				t.Fatalf("a cell holds %q", s)
			}
		}
		if strings.Contains(text, s) {
			t.Fatalf("the export holds %q", s)
		}
	}
}

// secretary is the Secretaría Técnica of Quintana Roo (entidad 23).
func secretary(t *testing.T, e *testapp.Env) *authz.Principal {
	return e.Principal(t, "SEGOB", "secretaria_tecnica", "23")
}

// csv2024 asks for the CSV of 2024 of the caller's entidad.
var csv2024 = htcds.Request{Year: 2024, Format: "csv"}

func TestExport_ADemoYearOfThousandsIsKAnonymousAndHoldsNoPersonalData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	if err := demo.EnsureAccounts(ctx, e.Users); err != nil {
		t.Fatal(err)
	}
	scale := demo.Scale{Victims: 3000, MaxServices: 1, Years: 1, Workers: 2}
	if err := demo.Generate(ctx, e.App, scale, 2024, func(string, int, int) {}); err != nil {
		t.Fatal(err)
	}
	ex, err := e.HTCDS.For(ctx, secretary(t, e), csv2024)
	if err != nil {
		t.Fatal(err)
	}
	header, rows, text := exported(t, ex)
	if !slices.Equal(header, wantColumns) {
		t.Errorf("columns %v,\nwant %v", header, wantColumns)
	}
	if ex.K != 10 || len(rows) > 3000 || !strings.Contains(text, "\n#,k,10\n") {
		t.Errorf("k %d, %d rows; want k 10 and at most the 3000 víctimas", ex.K, len(rows))
	}
	if len(rows) < 2900 {
		t.Errorf("only %d of 3000 rows exported: the anonymization gives up too much", len(rows))
	}
	assertKAnonymous(t, rows, 10)
	var secrets []string
	owner := e.Owner(t)
	list, err := owner.Query(ctx, "SELECT folio, id::text FROM victims")
	if err != nil {
		t.Fatal(err)
	}
	for list.Next() {
		var folio, id string
		if err := list.Scan(&folio, &id); err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, folio, id)
	}
	list.Close()
	for i := range 3000 {
		secrets = append(secrets, fmt.Sprintf("Persona Demo %03d", i+1))
	}
	assertNoPersonalData(t, rows, text, append(secrets, "Ficticia"))
	// The demo's nationalities are common enough to show, and its
	// modalidades show on the víctimas of an expediente.
	shown := map[string]bool{}
	for _, r := range rows {
		shown[r[6]], shown["sexual="+r[9]] = true, true
	}
	for _, want := range []string{"MX", "CO", "VE", "sexual=1", "sexual=0", "sexual=-99"} {
		if !shown[want] {
			t.Errorf("no row shows %s", want)
		}
	}
}

// register registers a víctima of 2024 with personal data, as a caseworker.
func register(t *testing.T, e *testapp.Env, p *authz.Principal, n int, sex, nationality string, years int32, curp string) victims.Victim {
	t.Helper()
	v, err := e.Victims.Register(context.Background(), p, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: sex, Age: &years, Nationality: &nationality, IdentifiedOn: time.Date(2024, 5, 1+n%28, 0, 0, 0, 0, time.UTC)},
		Personal: victims.Personal{GivenNames: fmt.Sprintf("Marisol%d", n), FirstSurname: "Quintal", SecondSurname: "Canché",
			CURP: curp, BirthDate: "1999-02-14", Address: "Calle 10 número 12, Cancún", Phone: "9980001122"}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// nepaliCURP is a valid CURP, the Nepali víctima's.
const nepaliCURP = "QUCM990214MQRNNR00"

func TestExport_TheOneVictimOfARareNationalityIsNotRecognisable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	prosecutor := e.Principal(t, "FGE", "fiscalia", "23005")
	var secrets []string
	for i := range 12 {
		v := register(t, e, caseworker, i, "mujer", "MX", 24, "")
		secrets = append(secrets, v.Folio, v.ID.String(), fmt.Sprintf("Marisol%d", i))
	}
	nepali := register(t, e, caseworker, 12, "mujer", "NP", 24, nepaliCURP)
	secrets = append(secrets, nepali.Folio, nepali.ID.String(), "Marisol12", nepaliCURP, "Quintal", "Canché", "1999-02-14", "9980001122")
	// Her expediente and carpeta record a rare exploitation and means.
	form := "privacion_libertad"
	if _, err := e.Casos.Create(ctx, caseworker, casos.Input{Municipio: "23005", Modalidades: []string{"extraccion_organos"},
		VictimIDs: []uuid.UUID{nepali.ID}, Facts: casoFacts(form)}); err != nil {
		t.Fatal(err)
	}
	number := "FGE/QR/BJ/0099/2024"
	if _, err := e.Carpetas.Create(ctx, prosecutor, carpetas.Input{Number: number, FiscaliaUnit: "Fiscalía de Trata", Municipio: "23005",
		StartedOn: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), Modalidad: "extraccion_organos", MediosComisivos: []string{"sustancias"},
		Victims: []carpetas.VictimRef{{Folio: nepali.Folio}}}); err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, number)
	ex, err := e.HTCDS.For(ctx, secretary(t, e), csv2024)
	if err != nil {
		t.Fatal(err)
	}
	header, rows, text := exported(t, ex)
	assertKAnonymous(t, rows, 10)
	assertNoPersonalData(t, rows, text, secrets)
	for _, r := range rows {
		for i, v := range r {
			if slices.Contains([]string{"NP", "034", "142"}, v) || (header[i] == "isOrganRemoval" || header[i] == "isAbduction" ||
				header[i] == "meansOfControlPsychoactiveSubstances") && v == "1" {
				t.Errorf("the Nepali víctima shows through %s = %s: %v", header[i], v, r)
			}
		}
	}
	if len(rows) != 12 {
		t.Errorf("%d rows; want the 12 Mexican women exported and her left out", len(rows))
	}
}

func casoFacts(form string) domain.CasoFacts { return domain.CasoFacts{RecruitmentForm: &form} }

func TestExport_AnErasedVictimStillCountsWithoutHerData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	var erased victims.Victim
	for i := range 10 {
		erased = register(t, e, caseworker, i, "hombre", "GT", 30, "")
	}
	// One of 2023 is not of the year.
	age := int32(30)
	gt := "GT"
	if _, err := e.Victims.Register(ctx, caseworker, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "hombre", Age: &age, Nationality: &gt, IdentifiedOn: time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)},
		Personal:   victims.Personal{GivenNames: "Anterior"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.Victims.Erase(ctx, caseworker, erased.ID, audit.Reason{Code: "solicitud_arco"}); err != nil {
		t.Fatal(err)
	}
	ex, err := e.HTCDS.For(ctx, secretary(t, e), csv2024)
	if err != nil {
		t.Fatal(err)
	}
	_, rows, _ := exported(t, ex)
	if len(rows) != 10 {
		t.Fatalf("%d rows, want the 10 of 2024, the erased one among them", len(rows))
	}
	if got := strings.Join(rows[0][:8], ","); got != "2024,Case Management,Male,30--38,Adult,-99,GT,MX" {
		t.Errorf("row %s", got)
	}
}

func TestExport_OnlyTheSecretariaTecnicaExports(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	for _, role := range []string{"analista", "admin", "auditor", "capturista", "fiscalia", "enlace", "grupo_trabajo"} {
		if _, err := e.HTCDS.For(ctx, e.Principal(t, "SEGOB", role, authz.National), csv2024); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s: %v, want forbidden", role, err)
		}
	}
	if _, err := e.HTCDS.For(ctx, secretary(t, e), htcds.Request{Year: 2024, Format: "xlsx"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("xlsx: %v, want invalid", err)
	}
}
