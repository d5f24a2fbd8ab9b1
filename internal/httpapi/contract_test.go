package httpapi_test

import (
	"context"
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
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			perm, _ := op.Extensions["x-permission"].(string)
			switch {
			case perm == "public" || perm == "session":
			default:
				if _, ok := authz.ParsePermissions(perm); !ok {
					t.Errorf("%s %s: x-permission %q is not public, session or permissions of authz", method, path, perm)
				}
			}
		}
	}
}
