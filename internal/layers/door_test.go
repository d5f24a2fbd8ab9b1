package layers_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// openers are the calls that unwrap a data key or open a ciphertext.
var openers = map[string]bool{"UnwrapKey": true, "Open": true, "Cache": true}

// TestOnlyTheDoorOpensAVictim keeps every opening of a víctima's personal
// data in internal/victims/door.go, where each is scope-checked and
// audited: no other file of the package unwraps her key or opens her text.
func TestOnlyTheDoorOpensAVictim(t *testing.T) {
	files, err := filepath.Glob("../victims/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		if filepath.Base(path) == "door.go" || strings.HasSuffix(path, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && openers[sel.Sel.Name] {
				t.Errorf("%s: %s opens personal data outside the door (door.go)", fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}
