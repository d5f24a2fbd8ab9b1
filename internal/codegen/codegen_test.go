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

// goTool runs a code generator pinned in tools.mod, as `make generate` does.
func goTool(t *testing.T, tool string, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"tool", "-modfile=tools.mod", tool}, args...)...)
	cmd.Dir = root
	return cmd.CombinedOutput()
}

func TestSqlcOutputIsCurrent(t *testing.T) {
	t.Parallel()
	out, err := goTool(t, "sqlc", "diff")
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
	out, err := goTool(t, "oapi-codegen", "-config", configPath, "api/openapi.yaml")
	if err != nil {
		t.Fatalf("oapi-codegen: %v\n%s", err, out)
	}
	want, _ := os.ReadFile(fresh)
	got, _ := os.ReadFile(filepath.Join(root, "api", "api.gen.go"))
	if !bytes.Equal(got, want) {
		t.Fatal("api/api.gen.go is stale against api/openapi.yaml; run `make generate`")
	}
}
