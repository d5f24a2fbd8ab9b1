package auth

import (
	"strings"
	"testing"
)

var cheap = Argon2Params{MemoryKiB: 1024, Iterations: 1, Parallelism: 1}

func TestPasswordHash_VerifiesAndReportsStaleParameters(t *testing.T) {
	t.Parallel()
	hash, err := HashPassword("caballo correcto batería grapa", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash does not record its parameters: %s", hash)
	}
	if ok, stale, err := VerifyPassword("caballo correcto batería grapa", hash, cheap); !ok || stale || err != nil {
		t.Errorf("right password: ok=%v stale=%v err=%v", ok, stale, err)
	}
	if ok, _, _ := VerifyPassword("caballo correcto bateria grapa", hash, cheap); ok {
		t.Error("a different password verified")
	}
	stronger := Argon2Params{MemoryKiB: 2048, Iterations: 2, Parallelism: 1}
	if ok, stale, _ := VerifyPassword("caballo correcto batería grapa", hash, stronger); !ok || !stale {
		t.Errorf("raised parameters: ok=%v stale=%v, want a rehash", ok, stale)
	}
	other, _ := HashPassword("caballo correcto batería grapa", cheap)
	if other == hash {
		t.Error("two hashes of one password are equal: salt missing")
	}
}

func TestCheckPasswordPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		password string
		ok       bool
	}{
		{"corta", false},
		{"password1234", false},
		{"contraseña123", false},
		{"qwertyuiop123", false},
		{"Quintanaroo2024", false},
		{"juan.perez2024", false}, // the user's own name
		{"laguna-bacalar-siete-colores", true},
		{"M4r!posa_azul_del_norte", true},
	}
	for _, tt := range tests {
		err := CheckPasswordPolicy(tt.password, "juan.perez", "Juan Pérez")
		if (err == nil) != tt.ok {
			t.Errorf("%q: err=%v, want ok=%v", tt.password, err, tt.ok)
		}
	}
}

func TestTemporaryPassword_PassesThePolicy(t *testing.T) {
	t.Parallel()
	for range 20 {
		p := TemporaryPassword()
		if err := CheckPasswordPolicy(p); err != nil {
			t.Fatalf("%q: %v", p, err)
		}
	}
}
