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

func TestCovers_TheNationEveryDomainAnEntidadItsMunicipios(t *testing.T) {
	for _, c := range []struct {
		held, target string
		want         bool
	}{
		{authz.National, authz.National, true}, {authz.National, "31", true}, {authz.National, "23005", true},
		{"23", "23", true}, {"23", "23005", true}, {"23", "31050", false}, {"23", "31", false}, {"23", authz.National, false},
		{"23005", "23005", true}, {"23005", "23004", false}, {"23005", "23", false}, {"23005", authz.National, false},
		{"2", "23005", false}, {"", "", false},
	} {
		if got := authz.Covers(c.held, c.target); got != c.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", c.held, c.target, got, c.want)
		}
	}
}

// A role held in an entidad acts in each of its municipios and nowhere
// else; the policy's domain matching says so, and so does the scope.
func TestScope_OfAnEntidadCoversItsMunicipiosOnly(t *testing.T) {
	a, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	p := &authz.Principal{Institution: "CEAVEQROO", Assignments: []authz.Assignment{
		{Role: "capturista", Domain: "23"},
		{Role: "capturista", Domain: "23005"},
		{Role: "capturista", Domain: "31050"},
		{Role: "secretaria_tecnica", Domain: "31"},
	}}
	read := a.Scope(p, authz.VictimasRead)
	if read.All || !slices.Equal(read.Entidades, []string{"23"}) || !slices.Equal(read.Municipios, []string{"31050"}) {
		t.Errorf("victimas:read scope = %+v, want Quintana Roo and Mérida", read)
	}
	for target, want := range map[string]bool{"23001": true, "23": true, "31050": true, "31059": false, "31": false, "*": false} {
		if read.Covers(target) != want || a.Allows(p, authz.VictimasRead, target) != want {
			t.Errorf("victimas:read in %s: scope %v, policy %v; want %v", target, read.Covers(target), a.Allows(p, authz.VictimasRead, target), want)
		}
	}
	if got := read.EntidadesReached(); !slices.Equal(got, []string{"23", "31"}) || !read.Reaches("31") || read.Reaches("04") {
		t.Errorf("victimas:read reaches %v, want 23 and 31", got)
	}
	if a.Allows(p, authz.ReportesRead, "23") || !a.Allows(p, authz.ReportesRead, "31") || a.Allows(p, authz.ReportesRead, authz.National) {
		t.Error("the Secretaría Técnica of Yucatán reads the reports of Yucatán alone")
	}
	rows := p.Rows()
	if rows.All || !slices.Equal(rows.Domains(), []string{"23", "31", "23005", "31050"}) || rows.Institution != "CEAVEQROO" {
		t.Errorf("rows = %+v", rows)
	}
	national := &authz.Principal{Assignments: []authz.Assignment{{Role: "capturista", Domain: authz.National}, {Role: "capturista", Domain: "23"}}}
	if s := a.Scope(national, authz.VictimasRead); !s.All || len(s.Entidades) > 0 || !s.Covers("31050") {
		t.Errorf("a national caseworker's scope = %+v", s)
	}
}

func TestFeed_OnlyTheNationalLiaisonPullsTheFeed(t *testing.T) {
	a, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range authz.Roles {
		p := &authz.Principal{Assignments: []authz.Assignment{{Role: r, Domain: authz.National}}}
		if got, want := a.Scope(p, authz.FeedRead).Allowed(), r == "enlace_nacional"; got != want {
			t.Errorf("%s holds carga_nacional:read: %v, want %v", r, got, want)
		}
	}
	if !authz.Sensitive(authz.Assignment{Role: "enlace_nacional", Domain: "23"}) {
		t.Error("enlace_nacional is not sensitive")
	}
}
