package httpapi_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/adjuntos"
	"sintra/internal/authz"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/domain"
	"sintra/internal/grupotrabajo"
)

// asPrincipal signs a new account in, for calling the services directly.
func (e *env) asPrincipal(t *testing.T, username, institution string, r domain.Assignment) *authz.Principal {
	t.Helper()
	acc := e.addUser(t, username, institution, r)
	return &authz.Principal{UserID: acc.ID, Username: username, Institution: institution, Assignments: []authz.Assignment{r}}
}

// TestAdjuntos_OnCasosCarpetasAndSessions: on an expediente, a carpeta and
// a Grupo de Trabajo session, whoever may change the record attaches a PDF
// and whoever may read it downloads the same bytes; names are listed only
// with a reason; the listing and the download are audited with the
// reason, under the record's type; nothing of the file rests in clear.
// Another municipio, another institution (even holding its role
// nationwide), and a role that reads the record without its sealed text
// get 404 on every route, before the file is looked at; the writer voids
// the document.
func TestAdjuntos_OnCasosCarpetasAndSessions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	r := threeRecords(t, e)
	e.addUser(t, "grupoiqm", "IQM", role("grupo_trabajo", "23005"))
	e.addUser(t, "ceav4", "CEAVEQROO", role("capturista", "23004"))
	e.addUser(t, "iqm", "IQM", role("capturista", "23005"))
	e.addUser(t, "iqmnacional", "IQM", role("capturista", authz.National))
	e.addUser(t, "fge4", "FGE", role("fiscalia", "23004"))
	e.addUser(t, "fiscalotra", "SSC", role("fiscalia", authz.National))
	e.addUser(t, "grupo4", "SSC", role("grupo_trabajo", "23004"))

	for _, c := range []struct {
		recordType, base string
		writer, reader   string
		outsiders        []string
	}{
		{"caso", "/api/v1/casos/" + r.caso.String(), "ceav", "ceav", []string{"ceav4", "iqm", "iqmnacional", "grupo", "fge"}},
		{"carpeta", "/api/v1/carpetas/" + r.carpeta.String(), "fge", "fge", []string{"fge4", "fiscalotra", "ceav", "grupo"}},
		{"sesion_gt", "/api/v1/grupo-trabajo/sesiones/" + r.session.String(), "grupo", "grupoiqm", []string{"grupo4", "ceav", "fge"}},
	} {
		t.Run(c.recordType, func(t *testing.T) {
			writer, reader := e.login(t, c.writer, testPassword).AccessToken, e.login(t, c.reader, testPassword).AccessToken
			body, headers := upload(t, "acta", "MARCADESCRIPCION", "MARCANOMBRE acta.pdf", minimalPDF)
			res := e.doWith(t, "POST", c.base+"/adjuntos", writer, body, headers)
			if res.status != 201 {
				t.Fatalf("upload: %d %s", res.status, res.body)
			}
			var a struct{ ID string }
			res.json(t, &a)
			text, textHeaders := upload(t, "evidencia", "", "notas.pdf", []byte("Solo texto.\n"))
			if res := e.doWith(t, "POST", c.base+"/adjuntos", writer, text, textHeaders); res.status != 415 {
				t.Errorf("a text file named .pdf: %d %s", res.status, res.body)
			}

			if res := e.do(t, "GET", c.base+"/adjuntos", reader, nil); res.status != 200 || bytes.Contains(res.body, []byte("MARCA")) ||
				!strings.Contains(string(res.body), a.ID) {
				t.Errorf("list without a reason: %d %s", res.status, res.body)
			}
			if res := e.doWith(t, "GET", c.base+"/adjuntos", reader, nil, reason()); res.status != 200 ||
				!strings.Contains(string(res.body), "MARCANOMBRE acta.pdf") || !strings.Contains(string(res.body), "MARCADESCRIPCION") {
				t.Errorf("list with a reason: %d %s", res.status, res.body)
			}
			res = e.doWith(t, "GET", "/api/v1/adjuntos/"+a.ID, reader, nil, reason())
			if res.status != 200 || !bytes.Equal(res.body, minimalPDF) || res.header.Get("Content-Disposition") != `attachment; filename="MARCANOMBRE acta.pdf"` {
				t.Fatalf("download: %d %q %q", res.status, res.header.Get("Content-Disposition"), res.body)
			}

			for _, who := range c.outsiders {
				token := e.login(t, who, testPassword).AccessToken
				for _, r := range []struct {
					method, path string
					body         any
					headers      map[string]string
				}{
					{"POST", c.base + "/adjuntos", body, headers},
					{"POST", c.base + "/adjuntos", text, textHeaders},
					{"GET", c.base + "/adjuntos", nil, reason()},
					{"GET", "/api/v1/adjuntos/" + a.ID, nil, reason()},
					{"POST", "/api/v1/adjuntos/" + a.ID + "/anulacion", map[string]any{"reason_code": "duplicado"}, nil},
				} {
					res := e.doWith(t, r.method, r.path, token, r.body, r.headers)
					// A role without the route's permission is refused at the
					// route (403); one that holds it answers as if the record did
					// not exist.
					if res.status != 404 && res.status != 403 || bytes.Contains(res.body, []byte("MARCA")) {
						t.Errorf("%s %s as %s: %d %s", r.method, r.path, who, res.status, res.body)
					}
					if res.status == 403 && (r.method == "GET" && strings.HasPrefix(r.path, "/api/v1/adjuntos/") ||
						strings.HasSuffix(r.path, "/anulacion")) {
						t.Errorf("%s %s as %s: 403, want 404 like a missing document", r.method, r.path, who)
					}
				}
			}

			owner := e.Owner(t)
			var clear, sealed, n int
			if err := owner.QueryRow(ctx, `SELECT count(*) FILTER (WHERE position('MARCA'::bytea IN name_enc) > 0
				OR position('MARCA'::bytea IN description_enc) > 0 OR position('MARCA'::bytea IN content_enc) > 0
				OR position('%PDF'::bytea IN content_enc) > 0),
				count(*) FILTER (WHERE name_enc IS NOT NULL AND description_enc IS NOT NULL AND content_enc IS NOT NULL), count(*)
				FROM adjuntos WHERE record_type = $1`, c.recordType).Scan(&clear, &sealed, &n); err != nil || clear != 0 || sealed != 1 || n != 1 {
				t.Errorf("%d adjuntos, %d in clear, %d sealed (%v); want 1, 0 and 1", n, clear, sealed, err)
			}
			var downloads, listings int
			owner.QueryRow(ctx, `SELECT count(*) FILTER (WHERE action = 'adjunto.descargar' AND outcome = 'ok' AND record_id = $2
				AND detail LIKE $1 || ' %' AND reason_code = 'seguimiento_caso' AND municipio = '23005'),
				count(*) FILTER (WHERE action = 'adjunto.listar' AND outcome = 'ok' AND record_type = $1 AND reason_code = 'seguimiento_caso')
				FROM audit_events`, c.recordType, a.ID).Scan(&downloads, &listings)
			if downloads != 1 || listings != 1 {
				t.Errorf("audited %d downloads and %d listings with their reason; want 1 and 1", downloads, listings)
			}

			if res := e.do(t, "POST", "/api/v1/adjuntos/"+a.ID+"/anulacion", writer, map[string]any{"reason_code": "duplicado"}); res.status != 204 {
				t.Fatalf("void: %d %s", res.status, res.body)
			}
			if res := e.doWith(t, "GET", "/api/v1/adjuntos/"+a.ID, reader, nil, reason()); res.status != 409 {
				t.Errorf("download a voided document: %d %s", res.status, res.body)
			}
		})
	}
}

// TestAdjuntos_RowLevelSecurityKeepsInstitutions: below the services, the
// database shows a caso's and a carpeta's documents only to their own
// institution, even to a role held nationwide; a session's to any
// institution in its municipio; none to another municipio.
func TestAdjuntos_RowLevelSecurityKeepsInstitutions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	r := threeRecords(t, e)
	ids := map[string]uuid.UUID{}
	for _, h := range []struct {
		recordType string
		who        *authz.Principal
		id         uuid.UUID
	}{{"caso", r.ceav, r.caso}, {"carpeta", r.fge, r.carpeta}, {"sesion_gt", r.gt, r.session}} {
		a, err := e.Adjuntos.Attach(ctx, h.who, h.recordType, h.id, adjuntos.Upload{Kind: "acta", Name: "acta.pdf", Content: minimalPDF})
		if err != nil {
			t.Fatalf("%s: %v", h.recordType, err)
		}
		ids[h.recordType] = a.ID
	}
	for _, c := range []struct {
		name, municipios, institution string
		want                          []string
	}{
		{"the caso's institution", "23005", "CEAVEQROO", []string{"caso", "sesion_gt"}},
		{"the carpeta's Fiscalía, nationwide", "*", "FGE", []string{"carpeta", "sesion_gt"}},
		{"another institution, nationwide", "*", "IQM", []string{"sesion_gt"}},
		{"another municipio, the caso's institution", "23004", "CEAVEQROO", nil},
		{"the application's own", "*", "", []string{"carpeta", "caso", "sesion_gt"}},
	} {
		got := e.seenAs(t, c.municipios, c.institution)
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s sees the adjuntos of %v, want %v", c.name, got, c.want)
		}
	}
	// Nor may another institution write one on a caso.
	if _, err := e.pool.Exec(ctx, `BEGIN; SELECT set_config('sintra.municipios', '23005', true), set_config('sintra.institution', 'IQM', true);
		UPDATE adjuntos SET voided_at = now(), voided_by = created_by, void_reason = 'duplicado', content_enc = NULL WHERE id = '`+ids["caso"].String()+`';
		COMMIT`); err != nil {
		t.Fatal(err)
	}
	var voided int
	e.Owner(t).QueryRow(ctx, `SELECT count(voided_at) FROM adjuntos`).Scan(&voided)
	if voided != 0 {
		t.Error("another institution voided a caso's adjunto in the database")
	}
}

// seenAs lists the record types of the adjuntos a transaction of the
// application's role sees with these settings.
func (e *env) seenAs(t *testing.T, municipios, institution string) []string {
	t.Helper()
	ctx := context.Background()
	tx, err := e.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT set_config('sintra.municipios', $1, true), set_config('sintra.institution', $2, true)`,
		municipios, institution); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(ctx, `SELECT record_type FROM adjuntos ORDER BY record_type`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// records are an expediente of a CEAVEQROO caseworker, a carpeta of the
// FGE and a session of the Grupo de Trabajo (an SSC member), all in Benito
// Juárez (23005), with who recorded each.
type records struct {
	ceav, fge, gt          *authz.Principal
	caso, carpeta, session uuid.UUID
}

func threeRecords(t *testing.T, e *env) records {
	t.Helper()
	ctx := context.Background()
	r := records{ceav: e.asPrincipal(t, "ceav", "CEAVEQROO", role("capturista", "23005")),
		fge: e.asPrincipal(t, "fge", "FGE", role("fiscalia", "23005")), gt: e.asPrincipal(t, "grupo", "SSC", role("grupo_trabajo", "23005"))}
	k, err := e.casos.Create(ctx, r.ceav, casos.Input{Municipio: "23005", Modalidades: []string{"sin_definir"}})
	if err != nil {
		t.Fatal(err)
	}
	cp, err := e.carpetas.Create(ctx, r.fge, carpetas.Input{Number: "FGE/ADJ/1/2024", FiscaliaUnit: "FETP", Municipio: "23005",
		StartedOn: time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC), Modalidad: "explotacion_sexual"})
	if err != nil {
		t.Fatal(err)
	}
	g, err := e.grupo.CreateSession(ctx, r.gt, grupotrabajo.SessionInput{Municipio: "23005", HeldOn: time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC),
		Kind: "ordinaria"})
	if err != nil {
		t.Fatal(err)
	}
	r.caso, r.carpeta, r.session = k.ID, cp.ID, g.ID
	return r
}
