package feed_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"sintra/api"
)

// TestFeedSchema_NoFieldIsFreeText walks api/feed.schema.json: every string
// a batch may carry is a code, a date, a pseudonym or a number, held to a
// pattern, an enumeration or a constant, never text a person could write
// a name or a story in.
func TestFeedSchema_NoFieldIsFreeText(t *testing.T) {
	var schema any
	if err := json.Unmarshal(api.FeedSchema, &schema); err != nil {
		t.Fatal(err)
	}
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["type"] == "string" || isStringAmong(v["type"]) {
				_, pattern := v["pattern"]
				_, enum := v["enum"]
				_, constant := v["const"]
				if !pattern && !enum && !constant {
					t.Errorf("%s is a string held to no pattern, enumeration or constant: free text", at)
				}
			}
			for k, sub := range v {
				if k == "description" || k == "title" || k == "$comment" {
					continue
				}
				walk(at+"/"+k, sub)
			}
		case []any:
			for _, sub := range v {
				walk(at+"[]", sub)
			}
		}
	}
	walk("#", schema)
}

func isStringAmong(v any) bool {
	types, ok := v.([]any)
	if !ok {
		return false
	}
	for _, t := range types {
		if t == "string" {
			return true
		}
	}
	return false
}

// TestFeed_ABatchHoldsNoPersonalDatumNorFreeTextOfTheDemo exports the demo
// dataset and looks in the batch for what would tell a person or a record
// of the state: names, folios, the state's ids, free text.
func TestFeed_ABatchHoldsNoPersonalDatumNorFreeTextOfTheDemo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	state := newState(t)
	batch, _ := export(t, state, 0)
	secrets := []string{"Persona Demo", "Ficticia", "Actividad demostrativa", "demo."}
	rows, err := state.Owner(t).Query(ctx, `SELECT folio FROM victims
		UNION ALL SELECT id::text FROM victims UNION ALL SELECT id::text FROM casos UNION ALL SELECT id::text FROM services
		UNION ALL SELECT id::text FROM carpetas UNION ALL SELECT id::text FROM canalizaciones UNION ALL SELECT id::text FROM activities
		UNION ALL SELECT id::text FROM imputados UNION ALL SELECT id::text FROM resoluciones UNION ALL SELECT name FROM activities
		UNION ALL SELECT material FROM activities WHERE material <> '' UNION ALL SELECT objective FROM activities WHERE objective <> ''`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, s, strings.ReplaceAll(s, "-", ""))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(secrets) < 100 {
		t.Fatalf("only %d values to look for: the demo is not loaded", len(secrets))
	}
	for _, s := range secrets {
		if bytes.Contains(batch, []byte(s)) {
			t.Errorf("the batch holds %q", s)
		}
	}
	if strings.Contains(string(batch), `"name"`) {
		t.Error("the batch names something")
	}
}
