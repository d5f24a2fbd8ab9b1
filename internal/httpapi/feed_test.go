package httpapi_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"sintra/internal/feed"
	"sintra/internal/victims"
)

func TestExportFeed_AStatewideAdministratorPullsAVerifiableBatch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	v, err := e.victims.Register(ctx, caseworker, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)},
		Personal:   victims.Personal{GivenNames: "Marcadorfeed", FirstSurname: "Apellidofeed"}})
	if err != nil {
		t.Fatal(err)
	}
	e.addUser(t, "admin.estatal", "SEGOB", role("admin", "*"))
	e.addUser(t, "admin.municipal", "SEGOB", role("admin", "23005"))

	res := e.do(t, "GET", "/api/v1/carga-nacional?desde=0", e.login(t, "admin.estatal", testPassword).AccessToken, nil)
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "application/x-ndjson") {
		t.Fatalf("a statewide administrator: %d %s", res.status, res.body)
	}
	for _, secret := range []string{v.Folio, v.ID.String(), "Marcadorfeed", "Apellidofeed"} {
		if bytes.Contains(res.body, []byte(secret)) {
			t.Errorf("the batch holds %q", secret)
		}
	}
	pub, _ := e.Keys.FeedPublicKey()
	b, err := feed.Verify(bytes.NewReader(res.body), feed.Keys{"23": pub})
	if err != nil || b.Header.Records != 1 || b.Entidad != "23" {
		t.Fatalf("the batch: %+v %v, want one víctima of entidad 23, verified", b.Header, err)
	}
	if got := e.trail(t, "carga_nacional.exportar"); len(got) != 1 {
		t.Errorf("pulls audited: %d, want 1", len(got))
	}
	res = e.do(t, "GET", "/api/v1/carga-nacional?desde=0", e.login(t, "admin.municipal", testPassword).AccessToken, nil)
	if res.status != 403 {
		t.Errorf("an administrator held in a municipio: %d, want 403", res.status)
	}
	if res := e.do(t, "GET", "/api/v1/carga-nacional?desde=-1", e.login(t, "admin.estatal", testPassword).AccessToken, nil); res.status != 400 {
		t.Errorf("a negative watermark: %d, want 400", res.status)
	}
}
