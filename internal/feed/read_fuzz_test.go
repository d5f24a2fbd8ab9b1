package feed_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"sintra/internal/crypto"
	"sintra/internal/feed"
)

// FuzzVerify feeds the batch decoder arbitrary bytes: it never panics, and
// whatever it accepts it reads through without error or refuses cleanly.
func FuzzVerify(f *testing.F) {
	keys, err := crypto.GenerateKeyring(filepath.Join(f.TempDir(), "keys.json"))
	if err != nil {
		f.Fatal(err)
	}
	pub, _ := keys.FeedPublicKey()
	trusted := feed.Keys{"23": pub}
	body := []byte(`{"schema":"sintra-feed/2","entidad":"23","sequence":1,"previous":"","since":"0","watermark":"12","generated_at":"2026-11-22T12:00:00Z","records":2,"dates":{"from":"2024-03-01","to":"2024-03-02"}}` + "\n" +
		`{"kind":"victima","pseudonym":"` + fmt.Sprintf("%064x", 1) + `","version":1,"victima":{"municipio":"23005","sex":"mujer","age_at_identification":24,"nationality":"MX","estado_civil":"soltera","calidad_migratoria":"nacional","indigenous_language":null,"disability":null,"minor_at_time":false,"denuncia_filed":true}}` + "\n" +
		`{"kind":"servicio","pseudonym":"` + fmt.Sprintf("%064x", 2) + `","version":3,"retracted":true}` + "\n")
	sig, key := feedSign(f, keys, body)
	f.Add(append(bytes.Clone(body), []byte(fmt.Sprintf(`{"signature":%q,"public_key":%q}`+"\n", sig, key))...))
	f.Add(body)
	f.Add([]byte("{}\n{}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := feed.Verify(bytes.NewReader(data), trusted)
		if err != nil {
			return
		}
		b.Each(bytes.NewReader(data), func(feed.Record) error { return nil })
	})
}
