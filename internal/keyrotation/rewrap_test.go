package keyrotation_test

import (
	"context"
	"errors"
	"fmt"
	"sintra/internal/domain"
	"testing"
	"time"

	"sintra/internal/app"
	"sintra/internal/audit"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/carpetas"
	"sintra/internal/crypto"
	"sintra/internal/keyrotation"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/users"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func principal(t *testing.T, st *store.Store, institution, role string) *authz.Principal {
	t.Helper()
	u, err := st.CreateUser(context.Background(), domain.NewUser{Username: role + "-rotacion", DisplayName: "x",
		Institution: institution, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return &authz.Principal{UserID: u.ID, Username: u.Username, Institution: institution,
		Assignments: []authz.Assignment{{Role: role, Domain: "23005"}}}
}

func TestRewrapKeys_MovesEveryVictimAndCarpetaToTheNewMasterKeyAndResumesAfterAnInterruption(t *testing.T) {
	t.Parallel()
	e := testapp.New(t)
	st, keys, keyFile := e.Store, e.Keys, e.KeyFile
	ctx := context.Background()
	caseworker, fiscal := principal(t, st, "CEAVEQROO", "capturista"), principal(t, st, "FGE", "fiscalia")

	const nVictims, nCarpetas = 2600, 3
	var registered []victims.Victim
	vsvc := e.Victims
	for start := 0; start < nVictims; start += 1000 {
		var regs []victims.Registration
		for i := start; i < min(start+1000, nVictims); i++ {
			regs = append(regs, victims.Registration{Municipio: "23005", Attributes: victims.Attributes{Sex: "mujer"},
				Personal: victims.Personal{GivenNames: fmt.Sprintf("Persona %d", i), Notes: "ñandú áéíóú"}})
		}
		page, err := vsvc.RegisterMany(ctx, caseworker, regs)
		if err != nil {
			t.Fatal(err)
		}
		registered = append(registered, page...)
	}
	csvc := e.Carpetas
	var opened []string
	for i := range nCarpetas {
		c, err := csvc.Create(ctx, fiscal, carpetas.Input{Number: fmt.Sprintf("FGE/BJ/%d/2024", i+1), FiscaliaUnit: "FETP",
			StartedOn: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Municipio: "23005", Modalidad: "explotacion_sexual"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := csvc.AddImputado(ctx, fiscal, c.ID, carpetas.ImputadoInput{Sex: "hombre", Names: fmt.Sprintf("Imputado %d", i+1)}); err != nil {
			t.Fatal(err)
		}
		opened = append(opened, c.ID.String())
	}

	if _, err := crypto.AddMasterVersion(keyFile); err != nil {
		t.Fatal(err)
	}
	keys, _ = crypto.LoadKeyring(keyFile)
	const total = nVictims + nCarpetas

	// Interrupted after the second batch, as by Ctrl-C.
	interrupted, cancel := context.WithCancel(ctx)
	var reports []int
	done, err := keyrotation.RewrapKeys(interrupted, st, keys, func(done, all int) {
		reports = append(reports, done)
		if all != total {
			t.Errorf("total %d, want %d", all, total)
		}
		if len(reports) == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || done != 1000 {
		t.Fatalf("interrupted run: done %d, err %v", done, err)
	}
	if left, _ := keyrotation.Pending(ctx, st, 2); left != total-1000 {
		t.Fatalf("%d keys left after the interruption, want %d", left, total-1000)
	}

	done, err = keyrotation.RewrapKeys(ctx, st, keys, nil)
	if err != nil || done != total-1000 {
		t.Fatalf("resumed run: done %d, err %v", done, err)
	}
	if left, _ := keyrotation.Pending(ctx, st, 2); left != 0 {
		t.Fatalf("%d keys still on version 1", left)
	}

	// With version 1 gone from the key file, the records still open unchanged.
	if retired, err := crypto.RetireOldMasterKeys(keyFile); err != nil || len(retired) != 1 || retired[0] != 1 {
		t.Fatalf("retire: %v %v", retired, err)
	}
	if keys, err = crypto.LoadKeyring(keyFile); err != nil {
		t.Fatal(err)
	}
	reloaded := testapp.Wire(t, st, keys)
	vsvc, csvc = reloaded.Victims, reloaded.Carpetas
	reason := audit.Reason{Code: "seguimiento_caso"}
	for _, i := range []int{0, 999, 1000, nVictims - 1} {
		view, err := vsvc.Get(ctx, caseworker, registered[i].ID, reason)
		if err != nil {
			t.Fatalf("víctima %d: %v", i, err)
		}
		if got := view.Full.Personal; got.GivenNames != fmt.Sprintf("Persona %d", i) || got.Notes != "ñandú áéíóú" {
			t.Errorf("víctima %d opened as %q / %q", i, got.GivenNames, got.Notes)
		}
	}
	for i, id := range opened {
		found, err := csvc.FindByNumber(ctx, fiscal, fmt.Sprintf("FGE/BJ/%d/2024", i+1), "")
		if err != nil || found.ID.String() != id {
			t.Fatalf("carpeta %d not found by number: %v", i+1, err)
		}
		d, err := csvc.Get(ctx, fiscal, found.ID, reason)
		if err != nil {
			t.Fatalf("carpeta %d: %v", i+1, err)
		}
		if d.Number != fmt.Sprintf("FGE/BJ/%d/2024", i+1) || len(d.Imputados) != 1 || d.Imputados[0].Names != fmt.Sprintf("Imputado %d", i+1) {
			t.Errorf("carpeta %d opened as %q with %+v", i+1, d.Number, d.Imputados)
		}
	}
}

func TestRewrapKeys_MovesTheSealedHalvesOfPendingRequestsToo(t *testing.T) {
	t.Parallel()
	e := testapp.New(t)
	ctx := context.Background()
	admin := func(name string) *authz.Principal {
		acc, err := e.Users.CreateWithPassword(ctx, users.NewAccount{Username: name, DisplayName: name, Institution: "SEGOB",
			Roles: []domain.Assignment{{Role: "admin", Domain: authz.National}}}, "ornitorrinco-azul-cuaderno")
		if err != nil {
			t.Fatal(err)
		}
		return &authz.Principal{UserID: acc.ID, Username: name, Institution: "SEGOB", Assignments: acc.Assignments}
	}
	a, b := admin("admin.a"), admin("admin.b")
	requested, err := e.Users.Create(ctx, a, users.NewAccount{Username: "ana.lopez", DisplayName: "Ana López",
		Institution: "CEAVEQROO", Roles: []domain.Assignment{{Role: "capturista", Domain: "23005"}}})
	if err != nil || !requested.Pending() {
		t.Fatalf("request: %+v %v", requested, err)
	}

	// Without master key version 1, the requester's half still opens.
	reloaded := rotate(t, e)
	approved, err := reloaded.Users.Approve(ctx, b, requested.Request.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reloaded.Auth.Login(ctx, auth.LoginInput{Username: "ana.lopez", Password: requested.Half + approved.Half,
		ClientAddr: "127.0.0.1"}); err != nil {
		t.Errorf("sign-in with both halves: %v", err)
	}
}

// rotate rotates the master key, re-wraps every data key, retires the old
// master key and wires the services anew on the new key file alone.
func rotate(t *testing.T, e *testapp.Env) *app.App {
	t.Helper()
	if _, err := crypto.AddMasterVersion(e.KeyFile); err != nil {
		t.Fatal(err)
	}
	keys, _ := crypto.LoadKeyring(e.KeyFile)
	if _, err := keyrotation.RewrapKeys(context.Background(), e.Store, keys, nil); err != nil {
		t.Fatal(err)
	}
	if retired, err := crypto.RetireOldMasterKeys(e.KeyFile); err != nil || len(retired) != 1 {
		t.Fatalf("retire: %v %v", retired, err)
	}
	keys, err := crypto.LoadKeyring(e.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	return testapp.Wire(t, e.Store, keys)
}
