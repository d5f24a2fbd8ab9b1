package crypto_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"sintra/internal/crypto"
)

func newKeyring(t *testing.T) (*crypto.Keyring, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keys.json")
	k, err := crypto.GenerateKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	return k, path
}

func TestEnvelope_CiphertextsOpenOnlyWhereTheyBelong(t *testing.T) {
	t.Parallel()
	k, _ := newKeyring(t)
	here := crypto.Place{Table: "victims", RecordID: "a"}
	there := crypto.Place{Table: "victims", RecordID: "b"}
	dek := crypto.NewDataKey()
	wrapped, version, err := k.WrapKey(dek, here)
	if err != nil || version != 1 || crypto.WrappedVersion(wrapped) != 1 {
		t.Fatalf("wrap: %v, version %d", err, version)
	}
	if got, err := k.UnwrapKey(wrapped, here); err != nil || string(got) != string(dek) {
		t.Fatalf("unwrap: %v", err)
	}
	if _, err := k.UnwrapKey(wrapped, there); !errors.Is(err, crypto.ErrDecrypt) {
		t.Errorf("a data key moved to another record opened: %v", err)
	}
	sealed, err := crypto.Seal(dek, here, "given_names", "María Peña")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(sealed), "Peña") {
		t.Fatal("plaintext visible in the ciphertext")
	}
	if got, err := crypto.Open(dek, here, "given_names", sealed); err != nil || got != "María Peña" {
		t.Fatalf("open: %q %v", got, err)
	}
	for name, try := range map[string]func() error{
		"other record": func() error { _, err := crypto.Open(dek, there, "given_names", sealed); return err },
		"other column": func() error { _, err := crypto.Open(dek, here, "alias", sealed); return err },
		"other table": func() error {
			_, err := crypto.Open(dek, crypto.Place{Table: "imputados", RecordID: "a"}, "given_names", sealed)
			return err
		},
		"other key": func() error { _, err := crypto.Open(crypto.NewDataKey(), here, "given_names", sealed); return err },
		"altered": func() error {
			bad := append([]byte{}, sealed...)
			bad[len(bad)-1] ^= 1
			_, err := crypto.Open(dek, here, "given_names", bad)
			return err
		},
	} {
		if err := try(); !errors.Is(err, crypto.ErrDecrypt) {
			t.Errorf("%s: err = %v, want ErrDecrypt", name, err)
		}
	}
	if s, _ := crypto.Seal(dek, here, "alias", ""); s != nil {
		t.Error("an empty value sealed to something")
	}
}

func TestKeyring_NewVersionIsPickedUpAndOldKeysStillOpen(t *testing.T) {
	t.Parallel()
	k, path := newKeyring(t)
	place := crypto.Place{Table: "victims", RecordID: "x"}
	dek := crypto.NewDataKey()
	old, _, _ := k.WrapKey(dek, place)
	version, err := crypto.AddMasterVersion(path)
	if err != nil || version != 2 {
		t.Fatalf("add version: %d %v", version, err)
	}
	// A record wrapped with the new version makes the keyring reload the file.
	other, _ := crypto.LoadKeyring(path)
	fresh, v, _ := other.WrapKey(dek, place)
	if v != 2 {
		t.Fatalf("new keyring wraps with version %d", v)
	}
	if got, err := k.UnwrapKey(fresh, place); err != nil || string(got) != string(dek) {
		t.Fatalf("running keyring could not open a version-2 key: %v", err)
	}
	rewrapped, v, err := k.Rewrap(old, place)
	if err != nil || v != 2 || crypto.WrappedVersion(rewrapped) != 2 {
		t.Fatalf("rewrap: version %d, %v", v, err)
	}
	if got, _ := k.UnwrapKey(old, place); string(got) != string(dek) {
		t.Error("version 1 no longer opens")
	}
}

func TestLoadKeyring_RefusesWeakOrExposedKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	zero := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	weak := filepath.Join(dir, "weak.json")
	os.WriteFile(weak, []byte(`{"master_keys":{"1":"`+zero+`"},"current":1,"index_key":"`+zero+`","token_key":"`+zero+`"}`), 0o600)
	if _, err := crypto.LoadKeyring(weak); err == nil || !strings.Contains(err.Error(), "weak") {
		t.Errorf("weak keys: %v", err)
	}
	_, good := newKeyring(t)
	os.Chmod(good, 0o644)
	if _, err := crypto.LoadKeyring(good); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("world-readable key file: %v", err)
	}
	if err := crypto.GenerateKeyFile(good); err == nil {
		t.Error("an existing key file was overwritten")
	}
}

func TestBlindIndex_MatchesNormalizedValuesOnly(t *testing.T) {
	t.Parallel()
	k, _ := newKeyring(t)
	a := k.BlindIndex("nombre", "José  Ángel", "Peña")
	if string(a) != string(k.BlindIndex("nombre", "jose angel", "PENA")) {
		t.Error("accents, case and spaces changed the index")
	}
	if string(a) == string(k.BlindIndex("nombre", "José Ángel Peña", "")) {
		t.Error("moving text between parts kept the index")
	}
	if string(a) == string(k.BlindIndex("curp", "José  Ángel", "Peña")) {
		t.Error("two kinds share an index")
	}
	k2, _ := newKeyring(t)
	if string(a) == string(k2.BlindIndex("nombre", "José Ángel", "Peña")) {
		t.Error("the index does not depend on the key")
	}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"  María   José  ": "MARIA JOSE",
		"Peña-Nieto":       "PENA NIETO",
		"Ñuñoa":            "NUNOA",
		"d'Alessio":        "D ALESSIO",
		"Müller":           "MULLER",
		"":                 "",
	} {
		if got := crypto.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"María José", "Ñandú", "  a  b ", "\u0301x", "😀 ok", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := crypto.Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if crypto.Normalize(n) != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, crypto.Normalize(n))
		}
		if strings.Contains(n, "  ") || strings.TrimSpace(n) != n {
			t.Fatalf("extra spaces in %q", n)
		}
		for _, r := range n {
			// Letters without an upper-case form (ʭ) stay as they are.
			if unicode.Is(unicode.Mn, r) || unicode.ToUpper(r) != r {
				t.Fatalf("mark or lower case %q left in %q", r, n)
			}
		}
	})
}
