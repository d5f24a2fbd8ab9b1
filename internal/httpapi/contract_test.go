package httpapi_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"sintra/api"
	"sintra/internal/authz"
)

func TestContract_EveryOperationStatesAPermissionThePolicyKnows(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(api.Spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	a, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	known := a.Permissions()
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			perm, _ := op.Extensions["x-permission"].(string)
			switch {
			case perm == "public" || perm == "session":
			case strings.Contains(perm, ":"):
				for _, alt := range strings.Split(perm, "|") {
					obj, act, _ := strings.Cut(alt, ":")
					if !slices.Contains(known, [2]string{obj, act}) {
						t.Errorf("%s %s: permission %q is granted to no role in policy.csv", method, path, alt)
					}
				}
			default:
				t.Errorf("%s %s: x-permission %q is not public, session or object:action", method, path, perm)
			}
		}
	}
}
