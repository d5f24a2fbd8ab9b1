package victims_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"sintra/internal/domain"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/pgembed"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

type fixture struct {
	env     *testapp.Env
	db      *testdb.DB
	app     *pgxpool.Pool
	owner   *pgxpool.Pool
	store   *store.Store
	keys    *crypto.Keyring
	keyFile string
	svc     *victims.Service
}

// now is the fixtures' clock: a folio carries its year.
var now = time.Date(2025, 7, 1, 17, 0, 0, 0, time.UTC)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	return &fixture{env: e, db: e.DB, app: e.Pool, owner: testdb.Pool(t, e.DB.OwnerURL), store: e.Store, keys: e.Keys,
		keyFile: e.KeyFile, svc: e.Victims}
}

// principal creates an account holding role in domain and returns it signed in.
func (f *fixture) principal(t *testing.T, institution, role, domain string) *authz.Principal {
	return f.env.Principal(t, institution, role, domain)
}

var why = audit.Reason{Code: "seguimiento_caso"}

func registration(given, first, second, curp, birth string) victims.Registration {
	return victims.Registration{Municipio: "23005", Attributes: victims.Attributes{Sex: "mujer"},
		Personal: victims.Personal{GivenNames: given, FirstSurname: first, SecondSurname: second, CURP: curp, BirthDate: birth}}
}

// curp returns a valid CURP for a birth date, varied by n.
func curp(n int) string {
	prefix := fmt.Sprintf("GOMA9005%02dMQRNRN%c", 10+n%18, 'A'+rune(n%26))
	const alphabet = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
	sum := 0
	for i, r := range prefix {
		sum += len([]rune(alphabet[:strings.IndexRune(alphabet, r)])) * (18 - i)
	}
	return prefix + string(rune('0'+(10-sum%10)%10))
}

func TestPersonalData_NeverReachesTheDatabaseInClear(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	markers := victims.Personal{
		GivenNames: "Xóchitl Marcadorñandú", FirstSurname: "Peñaloza-Marcadorúnico", SecondSurname: "Íñiguez Marcadorçedilla",
		Alias: "La Marcadoraliasita", CURP: curp(7), BirthDate: "1990-05-17", Address: "Calle Marcadordomicilio 12, Cancún",
		Phone: "+52 998 555 0199", Contacts: "Hermana: Marcadorcontacto", Notes: "Marcadornota: llegó con su hija",
	}
	r := victims.Registration{Municipio: "23005", Attributes: victims.Attributes{Sex: "mujer"}, Personal: markers}
	v, err := f.svc.Register(ctx, caseworker, r)
	if err != nil {
		t.Fatal(err)
	}

	dump := exec.Command(pgDump(t), "--dbname", f.db.AdminURL)
	out, err := dump.CombinedOutput()
	if err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), v.Folio) {
		t.Fatal("the dump does not hold the víctima at all")
	}
	for _, m := range []string{"Marcador", "ñandú", "998 555 0199", curp(7), "1990-05-17", "Peñaloza"} {
		if strings.Contains(string(out), m) {
			t.Errorf("%q found in clear in pg_dump", m)
		}
	}

	view, err := f.svc.Get(ctx, caseworker, v.ID, why)
	if err != nil || view.Full == nil {
		t.Fatalf("get: %v", err)
	}
	want := markers
	want.CURP = curp(7)
	if view.Full.Personal != want {
		t.Errorf("read back %+v\nwant %+v", view.Full.Personal, want)
	}
}

// pgDump finds pg_dump beside the server programs.
func pgDump(t *testing.T) string {
	dir, err := pgembed.FindBinDir("", pgembed.DefaultLibGlob)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "pg_dump")
}

func TestCiphertext_MovedToAnotherRowOrColumnDoesNotOpen(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	a, _ := f.svc.Register(ctx, caseworker, registration("Ana", "Uno", "", "", ""))
	b, _ := f.svc.Register(ctx, caseworker, registration("Beatriz", "Dos", "", "", ""))
	moves := []string{
		fmt.Sprintf("UPDATE victims SET given_names_enc = (SELECT given_names_enc FROM victims WHERE id = '%s') WHERE id = '%s'", a.ID, b.ID),
		fmt.Sprintf("UPDATE victims SET first_surname_enc = given_names_enc WHERE id = '%s'", a.ID),
	}
	for i, move := range moves {
		if _, err := f.owner.Exec(ctx, move); err != nil {
			t.Fatal(err)
		}
		target := []*victims.Victim{&b, &a}[i]
		_, err := f.svc.Get(ctx, caseworker, target.ID, why)
		if !errors.Is(err, crypto.ErrDecrypt) {
			t.Errorf("move %d: read gave %v, want a decryption failure", i, err)
		}
	}
}

func TestFolios_StayUniqueAndGapFreeUnderConcurrentRegistration(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	var mu sync.Mutex
	var folios []string
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := f.svc.Register(ctx, caseworker, registration(fmt.Sprintf("Persona %d", i), "Prueba", "", "", ""))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			folios = append(folios, v.Folio)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(folios)
	year := now.Year()
	for i, folio := range folios {
		if want := fmt.Sprintf("QROO-%d-%06d", year, i+1); folio != want {
			t.Fatalf("folio %d = %s, want %s (all: %v)", i, folio, want, folios)
		}
	}
}

func TestRegisterMany_StoresAllOrNoneWithGapFreeFolios(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	if _, err := f.svc.Register(ctx, caseworker, registration("Primera", "Sola", "", "", "")); err != nil {
		t.Fatal(err)
	}
	given := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	batch := func(badSex bool) []victims.Registration {
		var regs []victims.Registration
		for i := range 3 {
			r := registration(fmt.Sprintf("Lote %d", i), "Prueba", "", curp(i), "")
			r.Attributes.IdentifiedOn = given
			r.Consents = []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: given}}
			regs = append(regs, r)
		}
		if badSex {
			regs[2].Attributes.Sex = "desconocido"
		}
		return regs
	}

	if _, err := f.svc.RegisterMany(ctx, caseworker, batch(true)); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("a batch with an invalid registration: %v, want a validation error", err)
	}
	var stored int
	f.owner.QueryRow(ctx, "SELECT count(*) FROM victims").Scan(&stored)
	if stored != 1 {
		t.Fatalf("%d víctimas stored after a refused batch, want 1", stored)
	}

	registered, err := f.svc.RegisterMany(ctx, caseworker, batch(false))
	if err != nil {
		t.Fatal(err)
	}
	year := now.Year()
	for i, v := range registered {
		if want := fmt.Sprintf("QROO-%d-%06d", year, i+2); v.Folio != want {
			t.Errorf("folio %d = %s, want %s", i, v.Folio, want)
		}
		view, err := f.svc.Get(ctx, caseworker, v.ID, why)
		if err != nil {
			t.Fatal(err)
		}
		if got := view.Full; got.Personal.GivenNames != fmt.Sprintf("Lote %d", i) || got.Personal.CURP != curp(i) || len(got.Consents) != 1 {
			t.Errorf("víctima %d reads back as %+v", i, got)
		}
	}
	// The batch is audited like single registrations, and the chain holds.
	var events int
	f.app.QueryRow(ctx, "SELECT count(*) FROM audit_events WHERE action = 'victima.registrar'").Scan(&events)
	if events != 4 {
		t.Errorf("%d registration events, want 4", events)
	}
	if _, brk, err := audit.Verify(ctx, f.store, nil); err != nil || brk != nil {
		t.Fatalf("audit chain: %v %v", brk, err)
	}
	// A duplicate inside a later batch is refused like a single one.
	if _, err := f.svc.RegisterMany(ctx, caseworker, batch(false)[:1]); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("a batch repeating a CURP: %v, want a duplicate warning", err)
	}
}

func TestRegister_WarnsOfDuplicatesWithoutDisclosingOtherInstitutions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	ceav := f.principal(t, "CEAVEQROO", "capturista", "23005")
	iqm := f.principal(t, "IQM", "capturista", "23005")
	first, err := f.svc.Register(ctx, ceav, registration("Lucía", "Méndez", "Cruz", curp(3), "1990-05-13"))
	if err != nil {
		t.Fatal(err)
	}
	// Same person, typed differently, at another institution.
	_, err = f.svc.Register(ctx, iqm, registration("LUCIA", "mendez", "cruz ", "", "1990-05-13"))
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Conflict {
		t.Fatalf("err = %v, want a duplicate warning", err)
	}
	dups := e.Extensions["duplicates"].([]victims.Duplicate)
	if len(dups) != 1 || dups[0].Institution != "CEAVEQROO" || dups[0].Folio != "" || dups[0].VictimID != nil {
		t.Fatalf("another institution's duplicate disclosed more than its institution: %+v", dups)
	}
	// The same institution sees which record it is.
	_, err = f.svc.Register(ctx, ceav, registration("Otra", "Persona", "", curp(3), ""))
	e, _ = apperr.As(err)
	if dups := e.Extensions["duplicates"].([]victims.Duplicate); len(dups) != 1 || dups[0].Folio != first.Folio {
		t.Fatalf("own duplicate: %+v", dups)
	}
	r := registration("LUCIA", "mendez", "cruz", "", "1990-05-13")
	r.ConfirmDuplicate = true
	if _, err := f.svc.Register(ctx, iqm, r); err != nil {
		t.Fatalf("confirmed registration: %v", err)
	}
}

func TestGet_NeedsAReasonAndShowsTheGrupoDeTrabajoTheMinimalView(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	member := f.principal(t, "SSC", "grupo_trabajo", "23005")
	age := int32(23)
	r := registration("María Fernanda", "López", "Ruiz", "", "")
	r.Attributes.Age, r.Attributes.Nationality = &age, ptr("CO")
	v, err := f.svc.Register(ctx, caseworker, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Get(ctx, caseworker, v.ID, audit.Reason{}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("read without a reason: %v, want invalid", err)
	}
	if _, err := f.svc.Get(ctx, caseworker, v.ID, audit.Reason{Code: "otro"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("'otro' without a description: %v", err)
	}
	view, err := f.svc.Get(ctx, member, v.ID, audit.Reason{Code: "revision_grupo_trabajo"})
	if err != nil || view.Minimal == nil || view.Full != nil {
		t.Fatalf("member view: %+v %v", view, err)
	}
	m := view.Minimal
	if m.Initials != "M.L.R." || m.AgeGroup != "18-29" || *m.Nationality != "CO" || m.Status != "sin_expediente" {
		t.Errorf("minimal view: %+v", m)
	}
	other := f.principal(t, "SSC", "grupo_trabajo", "23004")
	if _, err := f.svc.Get(ctx, other, v.ID, why); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("member of another municipio: %v, want not found", err)
	}
	var reads, refused int
	f.app.QueryRow(ctx, "SELECT count(*) FILTER (WHERE outcome = 'ok'), count(*) FILTER (WHERE outcome = 'denied') FROM audit_events WHERE action = 'victima.consultar'").Scan(&reads, &refused)
	if reads != 1 || refused != 1 {
		t.Errorf("audited %d reads and %d refusals, want 1 and 1", reads, refused)
	}
}

func TestUpdate_KeepsHistoryAndRefusesAStaleCopy(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	v, _ := f.svc.Register(ctx, caseworker, registration("Rosa", "Pech", "", "", ""))
	p := v.Personal
	p.Phone, p.FirstSurname = "998 123 4567", "Pech Canul"
	a := v.Attributes
	a.Age = ptr(int32(31))
	updated, err := f.svc.Update(ctx, caseworker, v.ID, 1, a, p)
	if err != nil || updated.Version != 2 || updated.Personal.Phone != "998 123 4567" {
		t.Fatalf("update: %+v %v", updated, err)
	}
	if _, err := f.svc.Update(ctx, caseworker, v.ID, 1, a, p); apperr.CodeOf(err) != apperr.PreconditionFailed {
		t.Errorf("stale update: %v, want precondition failed", err)
	}
	history, err := f.svc.History(ctx, caseworker, v.ID, why)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, h := range history {
		got[h.Field] = h.Previous
	}
	if len(got) != 3 || got["first_surname"] != "Pech" || got["phone"] != "" || got["age"] != "" {
		t.Errorf("history: %+v", got)
	}
	var clear int
	f.owner.QueryRow(ctx, "SELECT count(*) FROM victim_changes WHERE field = 'first_surname' AND previous_clear IS NOT NULL").Scan(&clear)
	if clear != 0 {
		t.Error("a previous personal value was kept in clear")
	}
}

func TestErase_LeavesCountsAndMakesDataUnrecoverable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	v, _ := f.svc.Register(ctx, caseworker, registration("Julia", "Canché", "", curp(9), "1990-05-19"))
	p := v.Personal
	p.Notes = "nota previa"
	f.svc.Update(ctx, caseworker, v.ID, 1, v.Attributes, p)
	count := func() int {
		var n int
		f.owner.QueryRow(ctx, "SELECT count(*) FROM victims WHERE sex = 'mujer' AND municipio_code = '23005'").Scan(&n)
		return n
	}
	before := count()
	if err := f.svc.Erase(ctx, caseworker, v.ID, audit.Reason{Code: "solicitud_arco"}); err != nil {
		t.Fatal(err)
	}
	if count() != before {
		t.Error("erasure changed the statistical count")
	}
	view, err := f.svc.Get(ctx, caseworker, v.ID, why)
	if err != nil || !view.Full.Erased || view.Full.Personal != (victims.Personal{}) {
		t.Fatalf("after erasure: %+v %v", view.Full, err)
	}
	var leftovers int
	f.owner.QueryRow(ctx, `SELECT count(*) FROM victims WHERE id = $1 AND (dek_wrapped IS NOT NULL OR given_names_enc IS NOT NULL
		OR curp_bidx IS NOT NULL OR name_dob_bidx IS NOT NULL)`, v.ID).Scan(&leftovers)
	var history int
	f.owner.QueryRow(ctx, "SELECT count(*) FROM victim_changes WHERE victim_id = $1 AND previous_enc IS NOT NULL", v.ID).Scan(&history)
	if leftovers != 0 || history != 0 {
		t.Errorf("key, ciphertext, index or sealed history left after erasure (%d, %d)", leftovers, history)
	}
	// A new registration with the same CURP no longer finds the erased one.
	if _, err := f.svc.Register(ctx, caseworker, registration("Julia", "Canché", "", curp(9), "1990-05-19")); err != nil {
		t.Errorf("the erased víctima still matched as a duplicate: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

// A list counts its total only up to a thousand past its page, so that a
// page of a large scope does not count the whole of it; it says when more
// match, and counts exactly below that.
func TestList_CountsUpToAThousandPastThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	regs := make([]victims.Registration, 1010)
	for i := range regs {
		regs[i] = registration(fmt.Sprintf("Persona %d", i), "Prueba", "", "", "")
	}
	if _, err := f.svc.RegisterMany(ctx, caseworker, regs); err != nil {
		t.Fatal(err)
	}
	first, err := f.svc.List(ctx, caseworker, domain.VictimFilter{}, 5, uuid.NullUUID{})
	if err != nil || len(first.Items) != 5 || first.Total != 1005 || !first.AtLeast {
		t.Errorf("a page of 5: %d items, total %d, at least %v (%v); want 5, more than 1005", len(first.Items), first.Total, first.AtLeast, err)
	}
	wide, err := f.svc.List(ctx, caseworker, domain.VictimFilter{}, 50, uuid.NullUUID{})
	if err != nil || wide.Total != 1010 || wide.AtLeast {
		t.Errorf("a page of 50: total %d, at least %v (%v); want exactly 1010", wide.Total, wide.AtLeast, err)
	}
	other := f.principal(t, "DIF", "capturista", "23005")
	if none, err := f.svc.List(ctx, other, domain.VictimFilter{}, 5, uuid.NullUUID{}); err != nil || none.Total != 0 || none.AtLeast {
		t.Errorf("another institution's list: total %d, at least %v (%v)", none.Total, none.AtLeast, err)
	}
	// Walking every page after the last víctima of the one before lists
	// each víctima once, however deep the page. (Registered together, they
	// share their instant: the id breaks the tie.)
	seen := map[uuid.UUID]bool{}
	var after uuid.NullUUID
	for pages := 0; ; pages++ {
		page, err := f.svc.List(ctx, caseworker, domain.VictimFilter{}, 200, after)
		if err != nil || pages > 6 {
			t.Fatalf("page %d: %v", pages, err)
		}
		for _, v := range page.Items {
			if seen[v.ID] {
				t.Fatalf("page %d: víctima listed twice", pages)
			}
			seen[v.ID] = true
		}
		if !page.More {
			break
		}
		after = uuid.NullUUID{UUID: page.Items[len(page.Items)-1].ID, Valid: true}
	}
	if len(seen) != 1010 {
		t.Errorf("pages listed %d víctimas, want all 1010", len(seen))
	}
}
