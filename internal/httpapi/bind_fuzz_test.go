package httpapi

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// FuzzBindJSON: a request body is taken only when it is, as a whole, one
// valid JSON document in valid UTF-8 with no field the request lacks, and
// no text PostgreSQL could not store.
func FuzzBindJSON(f *testing.F) {
	type request struct {
		Sex      string   `json:"sex"`
		Age      *int     `json:"age"`
		Folios   []string `json:"folios"`
		Personal struct {
			GivenNames string `json:"given_names"`
		} `json:"personal"`
	}
	f.Add(`{"sex":"mujer","age":17,"folios":["QROO-2024-000001"],"personal":{"given_names":"Ana"}}`)
	f.Add(`{"sex":"mujer"} {"sex":"hombre"}`)
	f.Add(`{"sex":"mujer","otro":1}`)
	f.Add("{\"sex\":\"\xff\"}")
	f.Add(`[]`)
	f.Add(`{"sex":"mu\u0000jer","folios":["QROO\u0000"]}`)
	e := echo.New()
	f.Fuzz(func(t *testing.T, body string) {
		c := e.NewContext(httptest.NewRequest("POST", "/", strings.NewReader(body)), httptest.NewRecorder())
		var v request
		if bindJSON(c, &v) != nil {
			return
		}
		if !utf8.ValidString(body) || !json.Valid([]byte(body)) {
			t.Fatalf("accepted a body that is not one valid JSON document: %q", body)
		}
		for _, text := range append([]string{v.Sex, v.Personal.GivenNames}, v.Folios...) {
			if !storable(text) {
				t.Fatalf("accepted text PostgreSQL cannot store: %q", body)
			}
		}
	})
}
