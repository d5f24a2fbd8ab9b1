package authz_test

import (
	"slices"
	"testing"

	"sintra/internal/authz"
)

func TestScope_IsWhereTheRoleIsHeld(t *testing.T) {
	a, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	p := &authz.Principal{Institution: "CEAVEQROO", Assignments: []authz.Assignment{
		{Role: "capturista", Domain: "23005"},
		{Role: "capturista", Domain: "23008"},
		{Role: "analista", Domain: authz.National},
	}}

	read := a.Scope(p, authz.VictimasRead)
	if read.All || !slices.Equal(read.Municipios, []string{"23005", "23008"}) {
		t.Errorf("victimas:read scope = %+v, want 23005 and 23008", read)
	}
	if !read.Covers("23008") || read.Covers("23001") {
		t.Errorf("victimas:read covers 23001 or misses 23008: %+v", read)
	}
	if read.Institution != "CEAVEQROO" {
		t.Errorf("scope institution = %q", read.Institution)
	}
	if stats := a.Scope(p, authz.EstadisticasRead); !stats.All || !stats.Covers("23001") {
		t.Errorf("a statewide analista's estadisticas:read scope = %+v, want all", stats)
	}
	if a.Scope(p, authz.CarpetasRead).Allowed() {
		t.Error("a capturista and analista may read carpetas")
	}
	if a.Scope(p, authz.VictimasReadMinimal).Allowed() {
		t.Error("read_minimal is the Grupo de Trabajo's, not the capturista's")
	}
}

func TestSensitive(t *testing.T) {
	if authz.Sensitive(authz.Assignment{Role: "analista", Domain: authz.National}, authz.Assignment{Role: "enlace", Domain: "23001"}) {
		t.Error("analista and enlace reach no personal data, yet are sensitive")
	}
	if !authz.Sensitive(authz.Assignment{Role: "enlace", Domain: "23001"}, authz.Assignment{Role: "capturista", Domain: "23001"}) {
		t.Error("capturista is not sensitive")
	}
}
