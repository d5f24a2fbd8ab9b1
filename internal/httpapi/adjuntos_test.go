package httpapi_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"strings"
	"testing"
)

// minimalPDF is a small PDF document that holds a mark to look for.
var minimalPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% MARCACONTENIDO\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// upload is a multipart upload of a document: its body and the headers
// that name its boundary.
func upload(t *testing.T, kind, description, name string, content []byte) ([]byte, map[string]string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("kind", kind)
	if description != "" {
		w.WriteField("description", description)
	}
	f, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(content)
	w.Close()
	return b.Bytes(), map[string]string{"Content-Type": w.FormDataContentType()}
}

// matrixUpload is the upload of a small PDF, for the authorization matrix.
func matrixUpload() ([]byte, map[string]string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("kind", "evidencia")
	f, _ := w.CreateFormFile("file", "evidencia.pdf")
	f.Write(minimalPDF)
	w.Close()
	return b.Bytes(), map[string]string{"Content-Type": w.FormDataContentType()}
}

// TestAdjuntos_ThroughTheAPI: a caseworker attaches a PDF to a víctima she
// registered and downloads the same bytes, with a safe name, its type and
// nosniff; the name and description are listed only with a reason; a text
// file named .pdf, an empty file and one over 10 MiB are refused in
// Spanish; she voids it with a reason and a tombstone stays; everything is
// audited and nothing of the file rests in clear.
func TestAdjuntos_ThroughTheAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	var v struct{ ID string }
	e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-01"},
		"personal":   map[string]any{"given_names": "Rosa"}}).json(t, &v)
	base := "/api/v1/victimas/" + v.ID + "/adjuntos"

	body, headers := upload(t, "consentimiento", "MARCADESCRIPCION", `C:\docs\MARCANOMBRE "firmado".pdf`, minimalPDF)
	res := e.doWith(t, "POST", base, ceav, body, headers)
	if res.status != 201 {
		t.Fatalf("upload: %d %s", res.status, res.body)
	}
	var a struct {
		ID, Kind    string
		ContentType string `json:"content_type"`
		Size        int
	}
	res.json(t, &a)
	if strings.Contains(string(res.body), "MARCA") || a.Size != len(minimalPDF) {
		t.Errorf("the answer to an upload: %s", res.body)
	}
	refusals := []struct {
		name    string
		content []byte
		status  int
		message string
	}{
		{"notas.pdf", []byte("Esto es texto, no un PDF.\n"), 415, "El archivo no es un PDF, JPEG ni PNG"},
		{"vacio.pdf", nil, 400, "El archivo está vacío."},
		{"grande.pdf", append(append([]byte{}, minimalPDF...), make([]byte, 10<<20)...), 413, "El archivo supera los 10 MB."},
	}
	for _, r := range refusals {
		body, headers := upload(t, "evidencia", "", r.name, r.content)
		if res := e.doWith(t, "POST", base, ceav, body, headers); res.status != r.status || !strings.Contains(string(res.body), r.message) {
			t.Errorf("%s: %d %s, want %d %q", r.name, res.status, res.body, r.status, r.message)
		}
	}
	if res := e.doWith(t, "POST", base, ceav, minimalPDF, nil); res.status != 415 {
		t.Errorf("a bare body, not a form: %d %s", res.status, res.body)
	}

	res = e.do(t, "GET", base, ceav, nil)
	if res.status != 200 || strings.Contains(string(res.body), "MARCA") || !strings.Contains(string(res.body), a.ID) ||
		!strings.Contains(string(res.body), "Persona ceav") {
		t.Errorf("list without a reason: %d %s", res.status, res.body)
	}
	res = e.doWith(t, "GET", base, ceav, nil, reason())
	if !strings.Contains(string(res.body), "MARCANOMBRE") || !strings.Contains(string(res.body), "MARCADESCRIPCION") {
		t.Errorf("list with a reason: %d %s", res.status, res.body)
	}

	if res := e.do(t, "GET", "/api/v1/adjuntos/"+a.ID, ceav, nil); res.status != 400 {
		t.Errorf("a download without a reason: %d %s", res.status, res.body)
	}
	res = e.doWith(t, "GET", "/api/v1/adjuntos/"+a.ID, ceav, nil, reason())
	if res.status != 200 || !bytes.Equal(res.body, minimalPDF) {
		t.Fatalf("download: %d %q", res.status, res.body)
	}
	for header, want := range map[string]string{"Content-Type": "application/pdf", "X-Content-Type-Options": "nosniff",
		"Content-Disposition": `attachment; filename="MARCANOMBRE firmado.pdf"`, "Cache-Control": "no-store"} {
		if got := res.header.Get(header); got != want {
			t.Errorf("%s: %q, want %q", header, got, want)
		}
	}

	owner := e.Owner(t)
	var clear, sealed int
	if err := owner.QueryRow(ctx, `SELECT count(*) FILTER (WHERE position('MARCA'::bytea IN name_enc) > 0 OR position('MARCA'::bytea IN description_enc) > 0
		OR position('MARCA'::bytea IN content_enc) > 0 OR position('%PDF'::bytea IN content_enc) > 0),
		count(*) FILTER (WHERE name_enc IS NOT NULL AND description_enc IS NOT NULL AND content_enc IS NOT NULL) FROM adjuntos`).Scan(&clear, &sealed); err != nil ||
		clear != 0 || sealed != 1 {
		t.Errorf("%d adjuntos in clear, %d sealed (%v); want 0 and 1", clear, sealed, err)
	}

	if res := e.do(t, "POST", "/api/v1/adjuntos/"+a.ID+"/anulacion", ceav, map[string]any{"reason_code": "otro"}); res.status != 400 {
		t.Errorf("void with otro and no words: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/adjuntos/"+a.ID+"/anulacion", ceav, map[string]any{"reason_code": "duplicado"}); res.status != 204 {
		t.Fatalf("void: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/adjuntos/"+a.ID+"/anulacion", ceav, map[string]any{"reason_code": "duplicado"}); res.status != 409 {
		t.Errorf("void twice: %d %s", res.status, res.body)
	}
	if res := e.doWith(t, "GET", "/api/v1/adjuntos/"+a.ID, ceav, nil, reason()); res.status != 409 {
		t.Errorf("download a voided adjunto: %d %s", res.status, res.body)
	}
	res = e.do(t, "GET", base, ceav, nil)
	if !strings.Contains(string(res.body), `"voided":true`) || !strings.Contains(string(res.body), `"void_reason":"duplicado"`) {
		t.Errorf("the tombstone: %s", res.body)
	}
	var kept int
	owner.QueryRow(ctx, `SELECT count(*) FROM adjuntos WHERE content_enc IS NOT NULL`).Scan(&kept)
	if kept != 0 {
		t.Errorf("the voided adjunto kept its bytes")
	}
	// Two downloads: the one made and the one refused once voided.
	for action, want := range map[string]int{"adjunto.registrar": 1, "adjunto.listar": 3, "adjunto.descargar": 2, "adjunto.anular": 1} {
		if got := e.trail(t, action); len(got) != want || got[0].Username != "ceav" || got[0].Municipio != "23005" {
			t.Errorf("%s audited %+v, want %d by ceav in 23005", action, got, want)
		}
	}
}

// TestAdjuntos_OutOfScopeIsNotFound: a caseworker of another municipio, or
// of another institution in hers, gets 404 on uploading, listing,
// downloading and voiding a víctima's documents, the same answer as for
// a document that does not exist; nothing is attached or voided.
func TestAdjuntos_OutOfScopeIsNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "otra", "CEAVEQROO", role("capturista", "23004"))
	e.addUser(t, "iqm", "IQM", role("capturista", "23005"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	var v struct{ ID string }
	e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-01"},
		"personal":   map[string]any{"given_names": "Rosa"}}).json(t, &v)
	body, headers := upload(t, "acta", "", "acta.pdf", minimalPDF)
	var a struct{ ID string }
	e.doWith(t, "POST", "/api/v1/victimas/"+v.ID+"/adjuntos", ceav, body, headers).json(t, &a)
	text, textHeaders := upload(t, "evidencia", "", "notas.pdf", []byte("Solo texto.\n"))
	for _, who := range []string{"otra", "iqm"} {
		token := e.login(t, who, testPassword).AccessToken
		for _, r := range []struct {
			method, path string
			body         any
			headers      map[string]string
		}{
			{"POST", "/api/v1/victimas/" + v.ID + "/adjuntos", body, headers},
			// Out of scope, the file is not looked at: no 415 tells her that
			// the víctima exists.
			{"POST", "/api/v1/victimas/" + v.ID + "/adjuntos", text, textHeaders},
			{"GET", "/api/v1/victimas/" + v.ID + "/adjuntos", nil, reason()},
			{"GET", "/api/v1/adjuntos/" + a.ID, nil, reason()},
			{"GET", "/api/v1/adjuntos/00000000-0000-4000-8000-000000000000", nil, reason()},
			{"POST", "/api/v1/adjuntos/" + a.ID + "/anulacion", map[string]any{"reason_code": "duplicado"}, nil},
		} {
			res := e.doWith(t, r.method, r.path, token, r.body, r.headers)
			if res.status != 404 || strings.Contains(string(res.body), "acta") {
				t.Errorf("%s %s as %s: %d %s", r.method, r.path, who, res.status, res.body)
			}
		}
	}
	var n, voided int
	e.Owner(t).QueryRow(context.Background(), `SELECT count(*), count(voided_at) FROM adjuntos`).Scan(&n, &voided)
	if n != 1 || voided != 0 {
		t.Errorf("%d adjuntos, %d voided; want 1 and 0", n, voided)
	}
}

// TestAdjuntos_ErasureLeavesThemUnreadable: once a víctima is erased her
// documents' bytes, names and descriptions are gone from the table, what
// was read of them before cannot be opened again, the list names none and
// a download answers without content.
func TestAdjuntos_ErasureLeavesThemUnreadable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	var v struct{ ID string }
	e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-01"},
		"personal":   map[string]any{"given_names": "Rosa"}}).json(t, &v)
	body, headers := upload(t, "identificacion", "MARCADESCRIPCION", "MARCANOMBRE.pdf", minimalPDF)
	var a struct{ ID string }
	e.doWith(t, "POST", "/api/v1/victimas/"+v.ID+"/adjuntos", ceav, body, headers).json(t, &a)
	var before []byte
	e.Owner(t).QueryRow(ctx, `SELECT content_enc FROM adjuntos WHERE id = $1`, a.ID).Scan(&before)
	if len(before) == 0 {
		t.Fatal("nothing sealed")
	}
	if res := e.doWith(t, "POST", "/api/v1/victimas/"+v.ID+"/supresion", ceav, map[string]any{"reason_code": "solicitud_arco"}, nil); res.status >= 300 {
		t.Fatalf("erase: %d %s", res.status, res.body)
	}
	var left int
	e.Owner(t).QueryRow(ctx, `SELECT count(*) FROM adjuntos WHERE name_enc IS NOT NULL OR description_enc IS NOT NULL OR content_enc IS NOT NULL`).Scan(&left)
	if left != 0 {
		t.Errorf("%d adjuntos kept sealed data after her erasure", left)
	}
	// Her data key is gone, so a copy of the ciphertext taken before (a
	// backup) opens no more; put back, it is not served.
	var key []byte
	e.Owner(t).QueryRow(ctx, `SELECT dek_wrapped FROM victims WHERE id = $1`, v.ID).Scan(&key)
	if key != nil {
		t.Error("her data key survived her erasure")
	}
	if _, err := e.Owner(t).Exec(ctx, `UPDATE adjuntos SET content_enc = $2 WHERE id = $1`, a.ID, before); err != nil {
		t.Fatal(err)
	}
	if res := e.doWith(t, "GET", "/api/v1/adjuntos/"+a.ID, ceav, nil, reason()); res.status == 200 || bytes.Contains(res.body, []byte("MARCA")) {
		t.Errorf("download after erasure: %d %q", res.status, res.body)
	} else if !strings.Contains(string(res.body), "fueron suprimidos") {
		t.Errorf("download after erasure: %d %s", res.status, res.body)
	}
	res := e.doWith(t, "GET", "/api/v1/victimas/"+v.ID+"/adjuntos", ceav, nil, reason())
	if res.status != 200 || strings.Contains(string(res.body), "MARCA") || !strings.Contains(string(res.body), a.ID) {
		t.Errorf("list after erasure: %d %s", res.status, res.body)
	}
}
