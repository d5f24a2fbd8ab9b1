package feed_test

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/crypto"
	"sintra/internal/feed"
	"sintra/internal/testapp"
	"sintra/internal/victims"
)

func TestFeed_ABatchTamperedSignedByAnUnknownKeyOrOfAnotherEntidadIsRefusedWhole(t *testing.T) {
	t.Parallel()
	state, national := newState(t), newNational(t)
	keys := trust(t, map[string]*testapp.Env{"23": state})
	batch, _ := export(t, state, 0)
	empty := feedCounts(t, national)

	i := bytes.Index(batch, []byte(`"quantity":`)) + len(`"quantity":`)
	tampered := bytes.Clone(batch)
	tampered[i] = '9'
	if bytes.Equal(tampered, batch) {
		tampered[i] = '8'
	}
	stranger, err := crypto.GenerateKeyring(filepath.Join(t.TempDir(), "otra.json"))
	if err != nil {
		t.Fatal(err)
	}
	strangerKey, _ := stranger.FeedPublicKey()
	// A batch of Quintana Roo's records that says it is Yucatán's, signed
	// with the key trusted for Yucatán.
	lines := bytes.SplitAfter(batch, []byte("\n"))
	lines[0] = bytes.Replace(lines[0], []byte(`"entidad":"23"`), []byte(`"entidad":"31"`), 1)
	relabelled := resign(t, stranger, bytes.Join(lines[:len(lines)-2], nil))

	for _, c := range []struct {
		name  string
		batch []byte
		keys  feed.Keys
		says  string
	}{
		{"one byte changed", tampered, keys, "firma"},
		{"signed by a key not trusted for the entidad", batch, feed.Keys{"23": strangerKey}, "firma"},
		{"of an entidad without a key", batch, feed.Keys{"31": strangerKey}, "no hay clave"},
		{"whose records are of another entidad", relabelled, feed.Keys{"31": strangerKey}, "no es de la entidad"},
		{"cut short", batch[:len(batch)/2], keys, "rechazado"},
	} {
		_, err := importBatch(t, national, c.batch, c.keys)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want it refused (%q)", c.name, err, c.says)
		}
		if got := feedCounts(t, national); fmt.Sprint(got) != fmt.Sprint(empty) {
			t.Errorf("%s: records %v after a refused batch, want %v", c.name, got, empty)
		}
	}
	if _, err := importBatch(t, national, batch, keys); err != nil {
		t.Fatalf("the genuine batch: %v", err)
	}
}

// resign signs body (a header and records) as the feed signs, with keys.
func resign(t *testing.T, keys *crypto.Keyring, body []byte) []byte {
	t.Helper()
	sig, pub := feedSign(t, keys, body)
	return append(bytes.Clone(body), []byte(fmt.Sprintf(`{"signature":%q,"public_key":%q}`+"\n", sig, pub))...)
}

func TestFeed_CarriesNoPersonalData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	state := newState(t)
	caseworker := state.Principal(t, "CEAVEQROO", "capturista", "23005")
	marked := victims.Personal{GivenNames: "Marcadornombre", FirstSurname: "Marcadorapellido", SecondSurname: "Marcadorsegundo",
		Alias: "Marcadoralias", CURP: "GOMA900517MQRNRNA6", BirthDate: "1990-05-17", Address: "Calle Marcadordomicilio 12",
		Phone: "+52 998 555 0199", Contacts: "Marcadorcontacto", Notes: "Marcadornota"}
	if !victims.ValidCURP(marked.CURP) {
		marked.CURP = ""
	}
	if _, err := state.Victims.Register(ctx, caseworker, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}, Personal: marked}); err != nil {
		t.Fatal(err)
	}
	batch, _ := export(t, state, 0)
	secrets := []string{marked.GivenNames, marked.FirstSurname, marked.SecondSurname, marked.Alias, "1990-05-17", "Marcadordomicilio",
		"555 0199", marked.Contacts, marked.Notes, "Persona Demo", "Ficticia", "DEMO/FETP", "Fiscalía Especializada", "QROO-", "EXP-QROO"}
	if marked.CURP != "" {
		secrets = append(secrets, marked.CURP)
	}
	owner := state.Owner(t)
	for _, q := range []string{"SELECT id FROM victims", "SELECT id FROM casos", "SELECT id FROM services", "SELECT id FROM canalizaciones",
		"SELECT id FROM carpetas", "SELECT id FROM imputados", "SELECT id FROM activities", "SELECT id FROM users"} {
		rows, err := owner.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id uuid.UUID
			rows.Scan(&id)
			secrets = append(secrets, id.String(), strings.ReplaceAll(id.String(), "-", ""))
		}
		rows.Close()
	}
	for _, s := range secrets {
		if bytes.Contains(bytes.ToLower(batch), bytes.ToLower([]byte(s))) {
			t.Errorf("the batch holds %q", s)
		}
	}
}

// feedSign signs body as an export does, returning signature and key in base64.
func feedSign(t testing.TB, keys *crypto.Keyring, body []byte) (string, string) {
	t.Helper()
	digest := sha512.Sum512(body)
	sig, err := keys.SignFeed(digest[:])
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := keys.FeedPublicKey()
	return base64.StdEncoding.EncodeToString(sig), base64.StdEncoding.EncodeToString(pub)
}
