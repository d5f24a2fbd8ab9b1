package httpapi_test

import (
	"fmt"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// pagingParams are the names a list could be paged by; a paged list
// takes limit and cursor, and none of the others.
var pagingParams = map[string]bool{"limit": true, "cursor": true, "offset": true, "page": true,
	"limite": true, "antes_de": true, "pagina": true, "before": true, "after": true}

func TestContract_EveryListIsPagedTheOneWay(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	limit, cursor := doc.Components.Parameters["Limit"], doc.Components.Parameters["Cursor"]
	cursorSchema := doc.Components.Schemas["Cursor"]
	if limit == nil || cursor == nil || cursorSchema == nil {
		t.Fatal("the contract lacks the Limit and Cursor parameters or the Cursor schema")
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			at := method + " " + path
			var paging []*openapi3.Parameter
			for _, p := range op.Parameters {
				if p.Value.In == "query" && pagingParams[p.Value.Name] {
					paging = append(paging, p.Value)
				}
			}
			body := listBody(op)
			whole, _ := op.Extensions["x-whole-list"].(bool)
			switch {
			case body == nil && len(paging) == 0:
				continue // not a list
			case body == nil:
				t.Errorf("%s: takes paging parameters but answers no list", at)
			case body.Type.Is("array"):
				t.Errorf("%s: answers a bare array; a list is an object with items", at)
			case whole:
				if len(paging) > 0 || body.Properties["next"] != nil || body.Properties["limit"] != nil {
					t.Errorf("%s: a whole list, yet paged", at)
				}
			default:
				checkPage(t, at, op, body, limit.Value, cursor.Value, cursorSchema.Value)
			}
		}
	}
}

// listBody is the schema of an operation's 200 JSON answer when it is a
// list: an array, or an object with an array of items.
func listBody(op *openapi3.Operation) *openapi3.Schema {
	res := op.Responses.Status(200)
	if res == nil || res.Value.Content.Get("application/json") == nil {
		return nil
	}
	s := res.Value.Content.Get("application/json").Schema.Value
	if s.Type.Is("array") {
		return s
	}
	if items := s.Properties["items"]; items != nil && items.Value.Type.Is("array") {
		return s
	}
	return nil
}

func checkPage(t *testing.T, at string, op *openapi3.Operation, body *openapi3.Schema, limit, cursor *openapi3.Parameter, cursorSchema *openapi3.Schema) {
	t.Helper()
	var names []string
	for _, p := range op.Parameters {
		if pagingParams[p.Value.Name] && p.Value.In == "query" {
			names = append(names, p.Value.Name)
			if p.Value != limit && p.Value != cursor {
				t.Errorf("%s: pages by %q, not the contract's Limit and Cursor", at, p.Value.Name)
			}
		}
	}
	if fmt.Sprint(names) != "[limit cursor]" {
		t.Errorf("%s: paging parameters %v, want [limit cursor] (or x-whole-list: true)", at, names)
	}
	required := map[string]bool{}
	for _, name := range body.Required {
		required[name] = true
	}
	if !required["items"] || !required["limit"] || required["next"] {
		t.Errorf("%s: a page requires items and limit, and next only when there is a next page; required %v", at, body.Required)
	}
	if l := body.Properties["limit"]; l == nil || !l.Value.Type.Is("integer") {
		t.Errorf("%s: a page states its limit as an integer", at)
	}
	if n := body.Properties["next"]; n == nil || n.Value != cursorSchema {
		t.Errorf("%s: a page's next is the Cursor schema", at)
	}
	if tot := body.Properties["total"]; tot != nil && (!tot.Value.Type.Is("integer") || !required["total"]) {
		t.Errorf("%s: a page that counts states its total as a required integer", at)
	}
	for _, name := range []string{"offset", "next_before", "page", "count", "has_more"} {
		if body.Properties[name] != nil {
			t.Errorf("%s: a page has %q, which the convention does not", at, name)
		}
	}
}

func TestPaging_CursorsWalkAListOnceAndRefuseAStrangerCursor(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "admin", "SEGOB", role("admin", "*"))
	for i := range 4 {
		e.addUser(t, fmt.Sprintf("enlace-%d", i), "SSC", role("enlace", "23005"))
	}
	admin := e.login(t, "admin", testPassword).AccessToken
	type page struct {
		Items []struct {
			Username string `json:"username"`
		} `json:"items"`
		Total, Limit int
		Next         *string `json:"next"`
	}
	var seen []string
	query, pages := "", 0
	for ; pages < 10; pages++ {
		res := e.do(t, "GET", "/api/v1/admin/usuarios?limit=2"+query, admin, nil)
		if res.status != 200 {
			t.Fatalf("page %d: %d %s", pages, res.status, res.body)
		}
		var p page
		res.json(t, &p)
		for _, it := range p.Items {
			seen = append(seen, it.Username)
		}
		if p.Limit != 2 || p.Total != 5 {
			t.Errorf("page %d: limit %d total %d, want 2 and 5", pages, p.Limit, p.Total)
		}
		if p.Next == nil {
			break
		}
		query = "&cursor=" + *p.Next
	}
	if fmt.Sprint(seen) != "[admin enlace-0 enlace-1 enlace-2 enlace-3]" || pages != 2 {
		t.Errorf("walked %v in %d pages after the first", seen, pages)
	}
	// A cursor of the audit trail's (keyset) is not one of this list's.
	auditCursor := "azEwMA" // base64url("k100")
	for _, c := range []string{auditCursor, "no-es-cursor", "bzA"} {
		if res := e.do(t, "GET", "/api/v1/admin/usuarios?cursor="+c, admin, nil); res.status != 400 || !bytesContain(res.body, `"field":"cursor"`) {
			t.Errorf("cursor %q: %d %s", c, res.status, res.body)
		}
	}
}

func TestPaging_VictimsContinueAfterTheirLastVictimaAndKeepTheFirstCount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "dif", "DIF", role("capturista", "23005"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	dif := e.login(t, "dif", testPassword).AccessToken
	register := func(token, name string) string {
		res := e.do(t, "POST", "/api/v1/victimas", token, map[string]any{"municipio": "23005",
			"attributes": map[string]any{"sex": "mujer"}, "personal": map[string]any{"given_names": name}})
		var v struct{ ID string }
		if res.status != 201 {
			t.Fatalf("register: %d %s", res.status, res.body)
		}
		res.json(t, &v)
		return v.ID
	}
	var registered []string
	for i := range 5 {
		registered = append(registered, register(ceav, fmt.Sprintf("Persona %d", i)))
	}
	type page struct {
		Items []struct{ ID string }
		Total int
		Next  *string
	}
	list := func(token, query string) page {
		res := e.do(t, "GET", "/api/v1/victimas?limit=2"+query, token, nil)
		if res.status != 200 {
			t.Fatalf("list: %d %s", res.status, res.body)
		}
		var p page
		res.json(t, &p)
		return p
	}
	var seen []string
	query := ""
	for pages := 0; pages < 4; pages++ {
		p := list(ceav, query)
		if p.Total != 5 {
			t.Errorf("page %d says %d víctimas, want the first page's 5", pages, p.Total)
		}
		for _, v := range p.Items {
			seen = append(seen, v.ID)
		}
		if pages == 0 {
			// One registered while the list is read: an offset would show
			// the first page's last víctima again; the keyset does not.
			register(ceav, "Persona nueva")
		}
		if p.Next == nil {
			break
		}
		query = "&cursor=" + *p.Next
	}
	var newestFirst []string
	for i := len(registered) - 1; i >= 0; i-- {
		newestFirst = append(newestFirst, registered[i])
	}
	if fmt.Sprint(seen) != fmt.Sprint(newestFirst) {
		t.Errorf("walked %v, want the five newest first %v", seen, newestFirst)
	}

	// Another institution's cursor continues after a víctima CEAVEQROO may
	// not see: no place to continue from, so an empty page, which tells
	// nothing of when DIF's víctima was registered.
	for i := range 3 {
		register(dif, fmt.Sprintf("Persona DIF %d", i))
	}
	theirs := list(dif, "")
	if theirs.Next == nil {
		t.Fatal("DIF's first page of 2 of its 3 víctimas has no next page")
	}
	if p := list(ceav, "&cursor="+*theirs.Next); len(p.Items) != 0 || p.Next != nil {
		t.Errorf("a cursor after another institution's víctima gave %d víctimas", len(p.Items))
	}
	if res := e.do(t, "GET", "/api/v1/victimas?cursor=bzEw", ceav, nil); res.status != 400 || !bytesContain(res.body, `"field":"cursor"`) {
		t.Errorf("an offset cursor on the víctimas' list: %d %s", res.status, res.body)
	}
}
