package httpapi_test

import (
	"context"
	"regexp"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"sintra/api"
	"sintra/internal/authz"
)

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.Spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestContract_EveryOperationStatesAPermissionThePolicyKnows(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
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

// everySchema calls visit with every schema of the contract, named by
// where it is, each once: the components and what the operations declare
// inline, down to their properties and items.
func everySchema(doc *openapi3.T, visit func(at string, s *openapi3.Schema)) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(at string, ref *openapi3.SchemaRef)
	walk = func(at string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		visit(at, s)
		names := make([]string, 0, len(s.Properties))
		for name := range s.Properties {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			walk(at+"."+name, s.Properties[name])
		}
		walk(at+"[]", s.Items)
		for i, group := range [][]*openapi3.SchemaRef{s.OneOf, s.AnyOf, s.AllOf} {
			for j, inner := range group {
				walk(at+"/"+[]string{"oneOf", "anyOf", "allOf"}[i]+"/"+string(rune('0'+j)), inner)
			}
		}
		if s.AdditionalProperties.Schema != nil {
			walk(at+"{}", s.AdditionalProperties.Schema)
		}
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for name := range doc.Components.Schemas {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		walk(name, doc.Components.Schemas[name])
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			at := method + " " + path
			for _, p := range op.Parameters {
				walk(at+" "+p.Value.Name, p.Value.Schema)
			}
			if op.RequestBody != nil {
				for ct, media := range op.RequestBody.Value.Content {
					walk(at+" body "+ct, media.Schema)
				}
			}
			for status, res := range op.Responses.Map() {
				for ct, media := range res.Value.Content {
					walk(at+" "+status+" "+ct, media.Schema)
				}
			}
		}
	}
}

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func TestContract_FieldsAreSnakeCase(t *testing.T) {
	t.Parallel()
	everySchema(loadSpec(t), func(at string, s *openapi3.Schema) {
		for name := range s.Properties {
			if !snakeCase.MatchString(name) {
				t.Errorf("%s: field %q is not snake_case", at, name)
			}
		}
		for _, name := range s.Required {
			if _, ok := s.Properties[name]; !ok && len(s.Properties) > 0 {
				t.Errorf("%s: requires %q, which it does not declare", at, name)
			}
		}
	})
}

// openObjects may carry members the contract does not name: problem
// details may be extended (RFC 9457, section 3.2).
var openObjects = map[string]bool{"Problem": true}

func TestContract_ObjectsRefuseFieldsTheyDoNotDeclare(t *testing.T) {
	t.Parallel()
	everySchema(loadSpec(t), func(at string, s *openapi3.Schema) {
		if !s.Type.Is("object") || openObjects[at] {
			return
		}
		if len(s.Properties) == 0 {
			t.Errorf("%s: an object with no declared fields", at)
		}
		if s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has || s.AdditionalProperties.Schema != nil {
			t.Errorf("%s: lacks additionalProperties: false", at)
		}
	})
}

func TestContract_NoListIsNullable(t *testing.T) {
	t.Parallel()
	everySchema(loadSpec(t), func(at string, s *openapi3.Schema) {
		if s.Type.Is("array") && s.Nullable {
			t.Errorf("%s: an array declared nullable; an empty list is []", at)
		}
		if s.Type.Is("array") && s.Items == nil {
			t.Errorf("%s: an array without items", at)
		}
	})
}
