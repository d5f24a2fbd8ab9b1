package layers_test

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// moduleImport finds the modules a file of the web application imports.
var moduleImport = regexp.MustCompile(`(?m)^\s*import\s[^;]*?from\s+"([^"]+)"`)

// webImports returns, for every module of the web application (by path
// under web/static/app), the modules it imports.
func webImports(t *testing.T) map[string][]string {
	t.Helper()
	root := filepath.Join("..", "..", "web", "static", "app")
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".js") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		mod := filepath.ToSlash(rel)
		out[mod] = []string{}
		for _, m := range moduleImport.FindAllSubmatch(src, -1) {
			out[mod] = append(out[mod], path.Join(path.Dir(mod), string(m[1])))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWebApp_ModulesImportNoCycleAndNoPageImportsTheRouter keeps the web
// application's modules in one direction: main.js, the router, imports
// the pages, and the pages take the session from session.js, never from
// main.js.
func TestWebApp_ModulesImportNoCycleAndNoPageImportsTheRouter(t *testing.T) {
	graph := webImports(t)
	if len(graph) < 10 || graph["main.js"] == nil {
		t.Fatalf("read only %d modules of the web application", len(graph))
	}
	for mod, imps := range graph {
		if mod != "main.js" && slices.Contains(imps, "main.js") {
			t.Errorf("%s imports main.js: take the session from session.js", mod)
		}
	}
	// A depth-first walk: a module met again while still on the path closes a cycle.
	const visiting, done = 1, 2
	state := map[string]int{}
	var walk func(mod string, trail []string)
	walk = func(mod string, trail []string) {
		state[mod] = visiting
		trail = append(trail, mod)
		for _, imp := range graph[mod] {
			switch state[imp] {
			case visiting:
				cycle := append(slices.Clone(trail[slices.Index(trail, imp):]), imp)
				t.Errorf("import cycle: %s", strings.Join(cycle, " → "))
			case 0:
				walk(imp, trail)
			}
		}
		state[mod] = done
	}
	mods := make([]string, 0, len(graph))
	for mod := range graph {
		mods = append(mods, mod)
	}
	slices.Sort(mods)
	for _, mod := range mods {
		if state[mod] == 0 {
			walk(mod, nil)
		}
	}
}
