package testapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"sintra/api"
)

// ContractChecked serves h and fails t whenever an answer to an operation
// of api/openapi.yaml is not what the contract declares for it: a status
// it does not list, a content type it does not list, a JSON body that does
// not match the schema (a null where an array is declared, a field the
// schema does not name), or a JSON member name that is not snake_case.
// Paths outside the contract (the web pages, the docs) pass unchecked.
func ContractChecked(t testing.TB, h http.Handler) http.Handler {
	t.Helper()
	router, err := contractRouter()
	if err != nil {
		t.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, params, err := router.FindRoute(r)
		if err != nil {
			h.ServeHTTP(w, r)
			return
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		if err := CheckResponse(r, route, params, rec.status, rec.Header(), rec.body.Bytes()); err != nil {
			t.Errorf("%s %s answered %d off the contract: %v\nbody: %s", r.Method, r.URL.RequestURI(), rec.status, err, excerpt(rec.body.Bytes()))
		}
	})
}

var (
	contractOnce   sync.Once
	contractRoutes routers.Router
	contractErr    error
)

func contractRouter() (routers.Router, error) {
	contractOnce.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromData(api.Spec)
		if err != nil {
			contractErr = fmt.Errorf("testapp: load contract: %w", err)
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			contractErr = fmt.Errorf("testapp: invalid contract: %w", err)
			return
		}
		contractRoutes, contractErr = gorillamux.NewRouter(doc)
	})
	return contractRoutes, contractErr
}

// CheckResponse reports how an answer of status, header and body to the
// request r of route departs from the contract, or nil.
func CheckResponse(r *http.Request, route *routers.Route, params map[string]string, status int, header http.Header, body []byte) error {
	ct := header.Get("Content-Type")
	op := route.Operation
	if op.Responses.Status(status) == nil && anyOperationMay(op, status) {
		// Answered as the contract's description allows for every
		// operation: checked as the shared problem response.
		op = &openapi3.Operation{Responses: openapi3.NewResponses(
			openapi3.WithStatus(status, route.Spec.Components.Responses["Problem"]))}
		route = &routers.Route{Spec: route.Spec, Path: route.Path, Method: route.Method, Operation: op}
	}
	response := op.Responses.Status(status)
	if response == nil || response.Value == nil {
		return fmt.Errorf("status %d is not among the operation's responses", status)
	}
	if len(response.Value.Content) == 0 {
		if len(body) > 0 {
			return fmt.Errorf("status %d declares no body, got %d bytes of %q", status, len(body), ct)
		}
		return nil
	}
	if response.Value.Content.Get(ct) == nil {
		return fmt.Errorf("content type %q is not declared for status %d", ct, status)
	}
	media, _, _ := mime.ParseMediaType(ct)
	isJSON := media == "application/json" || strings.HasSuffix(media, "+json")
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, ExcludeResponseBody: !isJSON},
	}
	input.SetBodyBytes(body)
	var errs []error
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		errs = append(errs, err)
	}
	if isJSON {
		var value any
		if err := json.Unmarshal(body, &value); err != nil {
			errs = append(errs, err)
		} else if bad := nonSnakeNames(value, "", nil); len(bad) > 0 {
			sort.Strings(bad)
			errs = append(errs, fmt.Errorf("member names are not snake_case: %s", strings.Join(bad, ", ")))
		}
	}
	return errors.Join(errs...)
}

// anyOperationMay says whether the contract's description lets op answer
// status without listing it: 500 and 503 anywhere, 413 and 415 where the
// operation takes a body.
func anyOperationMay(op *openapi3.Operation, status int) bool {
	switch status {
	case http.StatusInternalServerError, http.StatusServiceUnavailable:
		return true
	case http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
		return op.RequestBody != nil
	}
	return false
}

// snakeCase is a JSON member name of the API: lower case words joined by
// underscores. Keys that are data (a code such as 23005) are digits.
var snakeCase = regexp.MustCompile(`^[a-z0-9]+(_[a-z0-9]+)*$`)

func nonSnakeNames(v any, at string, bad []string) []string {
	switch v := v.(type) {
	case map[string]any:
		for k, inner := range v {
			if !snakeCase.MatchString(k) {
				bad = append(bad, at+"/"+k)
			}
			bad = nonSnakeNames(inner, at+"/"+k, bad)
		}
	case []any:
		for i, inner := range v {
			bad = nonSnakeNames(inner, fmt.Sprintf("%s/%d", at, i), bad)
		}
	}
	return bad
}

func excerpt(b []byte) string {
	const max = 2000
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// recorder passes an answer through while keeping its status and body.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// Flush lets a streamed answer reach the client as it is written.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
