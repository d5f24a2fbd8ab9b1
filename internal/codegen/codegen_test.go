package codegen_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

const root = "../.."

// pinned reads a tool version from the Makefile, the one place it is set.
func pinned(t *testing.T, name string) string {
	t.Helper()
	makefile, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^` + name + `\s*:?=\s*(\S+)`).FindSubmatch(makefile)
	if m == nil {
		t.Fatalf("Makefile does not pin %s", name)
	}
	return string(m[1])
}

func goRun(t *testing.T, pkg string, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"run", pkg}, args...)...)
	cmd.Dir = root
	return cmd.CombinedOutput()
}

func TestSqlcOutputIsCurrent(t *testing.T) {
	t.Parallel()
	out, err := goRun(t, "github.com/sqlc-dev/sqlc/cmd/sqlc@"+pinned(t, "SQLC_VERSION"), "diff")
	if err != nil {
		t.Fatalf("the sqlc code in internal/store/internal/db is stale against db/queries and migrations; run `make generate`:\n%s", out)
	}
}

func TestOpenAPIServerIsCurrent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fresh := filepath.Join(dir, "api.gen.go")
	// The same configuration, writing elsewhere.
	config, err := os.ReadFile(filepath.Join(root, "api", "oapi-codegen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	config = regexp.MustCompile(`(?m)^output:.*$`).ReplaceAll(config, []byte("output: "+fresh))
	configPath := filepath.Join(dir, "oapi-codegen.yaml")
	if err := os.WriteFile(configPath, config, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := goRun(t, "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@"+pinned(t, "OAPI_CODEGEN_VERSION"),
		"-config", configPath, "api/openapi.yaml")
	if err != nil {
		t.Fatalf("oapi-codegen: %v\n%s", err, out)
	}
	want, _ := os.ReadFile(fresh)
	got, _ := os.ReadFile(filepath.Join(root, "api", "api.gen.go"))
	if !bytes.Equal(got, want) {
		t.Fatal("api/api.gen.go is stale against api/openapi.yaml; run `make generate`")
	}
}
