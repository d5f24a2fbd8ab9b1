package httpapi_test

import (
	"fmt"
	"testing"
)

// An administrator finds any account by part of its username or name, in
// any capitals, beyond the first page; a wildcard typed is a character.
func TestListUsers_SearchesUsernameAndNameBeyondTheFirstPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "admin", "SEGOB", role("admin", "*"))
	for i := range 12 {
		e.addUser(t, fmt.Sprintf("enlace%03d", i), "SSC", role("enlace", "23005"))
	}
	e.addUser(t, "zuniga.m", "IQM", role("enlace", "23005"))
	e.addUser(t, "a_b", "IQM", role("enlace", "23005"))
	token := e.login(t, "admin", testPassword).AccessToken

	type page struct {
		Items []struct{ Username string }
		Total int
	}
	var all page
	e.do(t, "GET", "/api/v1/admin/usuarios?limit=10", token, nil).json(t, &all)
	if all.Total != 15 || len(all.Items) != 10 {
		t.Fatalf("first page: %d of %d, want 10 of 15", len(all.Items), all.Total)
	}
	for _, tc := range []struct {
		name, query string
		want        []string
	}{
		{"by name, any capitals", "buscar=persona%20ZUNIGA", []string{"zuniga.m"}},
		{"by username, past the first page", "buscar=enlace011", []string{"enlace011"}},
		{"an underscore is a character", "buscar=a_b", []string{"a_b"}},
		{"a percent sign is a character", "buscar=%25", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got page
			res := e.do(t, "GET", "/api/v1/admin/usuarios?"+tc.query, token, nil)
			res.json(t, &got)
			var names []string
			for _, it := range got.Items {
				names = append(names, it.Username)
			}
			if fmt.Sprint(names) != fmt.Sprint(tc.want) || got.Total != len(tc.want) {
				t.Errorf("%s: %v (total %d), want %v", tc.query, names, got.Total, tc.want)
			}
		})
	}
}
