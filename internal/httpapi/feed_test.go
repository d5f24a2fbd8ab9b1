package httpapi_test

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"sintra/internal/feed"
	"sintra/internal/victims"
)

// nationalIdentity and nationalRecipient are the national instance's age
// key, to which every test server seals the feed.
var nationalIdentity, nationalRecipient = mustEncryptionKey()

func mustEncryptionKey() (string, string) {
	id, r, err := feed.NewEncryptionKey()
	if err != nil {
		panic(err)
	}
	return id, r
}

func TestExportFeed_TheEntidadsNationalLiaisonPullsAVerifiableBatch(t *testing.T) {
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
	e.addUser(t, "enlace.estatal", "SEGOB", role("enlace_nacional", "23"))
	e.addUser(t, "enlace.nacional", "SEGOB", role("enlace_nacional", "*"))
	e.addUser(t, "enlace.yucatan", "SEGOB", role("enlace_nacional", "31"))
	e.addUser(t, "admin.nacional", "SEGOB", role("admin", "*"))

	res := e.do(t, "GET", "/api/v1/carga-nacional?desde=0", e.login(t, "enlace.estatal", testPassword).AccessToken, nil)
	if res.status != 200 || !bytes.HasPrefix(res.body, []byte("age-encryption.org/v1\n")) {
		t.Fatalf("the entidad's national liaison: %d %s", res.status, res.body)
	}
	opened, err := feed.Open(bytes.NewReader(res.body), nationalIdentity)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(opened)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{v.Folio, v.ID.String(), "Marcadorfeed", "Apellidofeed"} {
		if bytes.Contains(plain, []byte(secret)) {
			t.Errorf("the batch holds %q", secret)
		}
	}
	if bytes.Contains(res.body, []byte(`"schema"`)) {
		t.Error("the batch left in clear")
	}
	pub, _ := e.Keys.FeedPublicKey()
	b, err := feed.Verify(bytes.NewReader(plain), feed.Keys{"23": pub})
	if err != nil || b.Header.Records != 1 || b.Entidad != "23" {
		t.Fatalf("the batch: %+v %v, want one víctima of entidad 23, verified", b.Header, err)
	}
	if got := e.trail(t, "carga_nacional.exportar"); len(got) != 1 {
		t.Errorf("pulls audited: %d, want 1", len(got))
	}
	for user, want := range map[string]int{"enlace.nacional": 200, "enlace.yucatan": 403, "admin.nacional": 403} {
		if res := e.do(t, "GET", "/api/v1/carga-nacional?desde=0", e.login(t, user, testPassword).AccessToken, nil); res.status != want {
			t.Errorf("%s: %d, want %d", user, res.status, want)
		}
	}
	if res := e.do(t, "GET", "/api/v1/carga-nacional?desde=-1", e.login(t, "enlace.estatal", testPassword).AccessToken, nil); res.status != 400 {
		t.Errorf("a negative watermark: %d, want 400", res.status)
	}

	// After a restore, the full batch that starts a new generation.
	liaison := e.login(t, "enlace.estatal", testPassword).AccessToken
	res = e.do(t, "GET", "/api/v1/carga-nacional?desde=0&completo=true", liaison, nil)
	if res.status != 200 {
		t.Fatalf("the full batch: %d %s", res.status, res.body)
	}
	if opened, err = feed.Open(bytes.NewReader(res.body), nationalIdentity); err == nil {
		plain, err = io.ReadAll(opened)
	}
	if err != nil {
		t.Fatal(err)
	}
	if b, err := feed.Verify(bytes.NewReader(plain), feed.Keys{"23": pub}); err != nil || !b.Header.Full || b.Header.Sequence != 1 ||
		len(b.Header.Generation) != 32 || b.Header.Records != 1 {
		t.Errorf("the full batch: %+v %v, want batch 1 of a new generation holding the víctima", b.Header, err)
	}
	if res := e.do(t, "GET", "/api/v1/carga-nacional?desde=5&completo=true", liaison, nil); res.status != 400 {
		t.Errorf("a full batch from a watermark: %d, want 400", res.status)
	}
}
