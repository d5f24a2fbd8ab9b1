package layers_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "sintra"

// imports returns, for every package of the module, the packages its
// non-test files import.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../..", filepath.Dir(path))
		pkg := module + "/" + filepath.ToSlash(rel)
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			if !slices.Contains(out[pkg], p) {
				out[pkg] = append(out[pkg], p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func under(pkg string, roots ...string) bool {
	for _, r := range roots {
		if pkg == r || strings.HasPrefix(pkg, r+"/") {
			return true
		}
	}
	return false
}

// The domain packages: record types and the rules over them.
var domainPackages = []string{"sintra/internal/domain", "sintra/internal/victims", "sintra/internal/casos", "sintra/internal/services",
	"sintra/internal/canalizaciones", "sintra/internal/carpetas", "sintra/internal/grupotrabajo", "sintra/internal/actividades",
	"sintra/internal/reports", "sintra/internal/users", "sintra/internal/auth", "sintra/internal/authz", "sintra/internal/audit",
	"sintra/internal/catalog", "sintra/internal/sealed", "sintra/internal/disclosure", "sintra/internal/render", "sintra/internal/htcds",
	"sintra/internal/sheetimport"}

func TestLayers_NoPackageImportsWhatItMustNot(t *testing.T) {
	rules := []struct {
		name string
		// applies says whether the rule binds a package.
		applies func(pkg string) bool
		// forbidden says whether an import breaks it.
		forbidden func(imp string) bool
	}{
		{"handlers reach the data through the domain services only, never the store or the generated queries",
			func(p string) bool { return under(p, "sintra/internal/httpapi") },
			func(i string) bool { return under(i, "sintra/internal/store") }},
		{"only the store imports the generated queries",
			func(p string) bool { return !under(p, "sintra/internal/store") },
			func(i string) bool { return under(i, "sintra/internal/store/internal/db") }},
		{"only the store, migrations and database launchers speak to PostgreSQL",
			func(p string) bool {
				return !under(p, "sintra/internal/store", "sintra/internal/migrate", "sintra/internal/testdb", "sintra/internal/pgembed",
					"sintra/internal/testapp")
			},
			func(i string) bool { return under(i, "github.com/jackc/pgx/v5") }},
		{"the domain knows nothing of HTTP",
			func(p string) bool { return under(p, domainPackages...) },
			func(i string) bool {
				return under(i, "github.com/labstack/echo/v4", "sintra/internal/httpapi", "sintra/api", "net/http")
			}},
		{"the record types depend on nothing of ours",
			func(p string) bool { return p == "sintra/internal/domain" },
			func(i string) bool { return under(i, "sintra") }},
		{"only render writes (and reads) PDF and XLSX",
			func(p string) bool { return !under(p, "sintra/internal/render") },
			func(i string) bool { return under(i, "github.com/go-pdf/fpdf", "github.com/xuri/excelize/v2") }},
		{"render is handed plain data: of ours it knows only the record types, the errors and the clock",
			func(p string) bool { return under(p, "sintra/internal/render") },
			func(i string) bool {
				return under(i, "sintra") && !under(i, "sintra/internal/domain", "sintra/internal/apperr", "sintra/internal/clock")
			}},
		{"nothing imports the HTTP layer but the program",
			func(p string) bool { return !under(p, "sintra/cmd/sintra", "sintra/internal/httpapi") },
			func(i string) bool { return under(i, "sintra/internal/httpapi") }},
	}
	found := imports(t)
	if len(found) < 20 {
		t.Fatalf("read only %d packages", len(found))
	}
	for pkg, imps := range found {
		for _, r := range rules {
			if !r.applies(pkg) {
				continue
			}
			for _, imp := range imps {
				if r.forbidden(imp) {
					t.Errorf("%s imports %s: %s", pkg, imp, r.name)
				}
			}
		}
	}
}
