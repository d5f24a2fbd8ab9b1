package auth

import (
	"strings"
	"testing"

	"sintra/internal/apperr"
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
	const (
		short  = "al menos 12 caracteres"
		common = "demasiado común"
		local  = "nombres de lugares de Quintana Roo"
		demo   = "contraseña pública de la demostración"
	)
	tests := []struct {
		password string
		refusal  string // empty when accepted
	}{
		{"corta", short},
		{"password1234", common},
		{"contraseña123", common},
		{"qwertyuiop123", common},
		{"juan.perez2024", common}, // the user's own name
		{"laguna-bacalar-demostracion", demo},
		{"Laguna-Bacalar-Demostración", demo},
		{"Quintanaroo2024", local},
		{"laguna-bacalar-siete-colores", local},
		{"arrecife-mesoamericano-2026", local},
		{"manglar-de-nichupte-2026", local},
		{"Siete Colores de Bacalar", local},
		{"sian kaan chetumal 1999", local},
		{"C4ncun-T0lum-Ch3tumal", local},
		{"holbox-cozumel-isla-mujeres", local},
		{"M4r!posa_azul_del_norte", ""},
		{"granizo-violeta-tetera-41", ""},
		{"cancun-trompeta-marfil-cuaderno", ""}, // a local word among strong ones
		{"tulum-Xq7#pL9", ""},
	}
	for _, tt := range tests {
		err := CheckPasswordPolicy(tt.password, "juan.perez", "Juan Pérez")
		if tt.refusal == "" && err != nil {
			t.Errorf("%q refused: %v", tt.password, err)
		}
		if e, ok := apperr.As(err); tt.refusal != "" && (!ok || len(e.Fields) != 1 || !strings.Contains(e.Fields[0].Message, tt.refusal)) {
			t.Errorf("%q: %v, want a refusal saying %q", tt.password, err, tt.refusal)
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
