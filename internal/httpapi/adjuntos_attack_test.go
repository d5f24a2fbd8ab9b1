package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/adjuntos"
	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/corrections"
	"sintra/internal/domain"
	"sintra/internal/victims"
)

// TestAdjuntos_ARefusedDownloadOfAVoidedDocumentIsAudited: a download
// refused because the document was voided (409) is in the audit trail as
// denied, in the document's municipio.
func TestAdjuntos_ARefusedDownloadOfAVoidedDocumentIsAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	r := threeRecords(t, e)
	a := attachActa(t, e, r.ceav, adjuntos.Caso, r.caso, "x.pdf")
	if err := e.Adjuntos.Void(ctx, r.ceav, a.ID, corrections.Reason{Code: "duplicado"}); err != nil {
		t.Fatal(err)
	}
	_, err := e.Adjuntos.Download(ctx, r.ceav, a.ID, audit.Reason{Code: "seguimiento_caso"})
	if apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("download of a voided document: %v", err)
	}
	var n int
	e.Owner(t).QueryRow(ctx, `SELECT count(*) FROM audit_events WHERE action = 'adjunto.descargar' AND record_id = $1
		AND outcome <> 'ok' AND municipio = '23005'`, a.ID.String()).Scan(&n)
	if n != 1 {
		t.Errorf("%d refused downloads of the voided document audited in its municipio, want 1", n)
	}
}

// TestAdjuntos_IDsOfAnotherTypeAreMissing: an id of one record type given
// to another type's route is missing, and so is a caso's document to the
// Grupo de Trabajo and the Fiscalía.
func TestAdjuntos_IDsOfAnotherTypeAreMissing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	r := threeRecords(t, e)
	up := adjuntos.Upload{Kind: "acta", Name: "x.pdf", Content: minimalPDF}
	if _, err := e.Adjuntos.Attach(ctx, r.fge, adjuntos.Caso, r.carpeta, up); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("carpeta id as a caso: %v", err)
	}
	if _, err := e.Adjuntos.Attach(ctx, r.gt, adjuntos.Carpeta, r.session, up); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("session id as a carpeta: %v", err)
	}
	if _, err := e.Adjuntos.Of(ctx, r.ceav, adjuntos.Sesion, r.caso, nil); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("caso id as a session: %v", err)
	}
	if _, err := e.Adjuntos.Of(ctx, r.ceav, "victimas", r.caso, nil); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown type: %v", err)
	}
	// Grupo de Trabajo reads casos of any institution without sealed text:
	// a caso's document is missing to it, by id too.
	a, err := e.Adjuntos.Attach(ctx, r.ceav, adjuntos.Caso, r.caso, up)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Adjuntos.Download(ctx, r.gt, a.ID, audit.Reason{Code: "seguimiento_caso"}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("grupo downloads a caso's document: %v", err)
	}
	if err := e.Adjuntos.Void(ctx, r.gt, a.ID, corrections.Reason{Code: "duplicado"}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("grupo voids a caso's document: %v", err)
	}
	if _, err := e.Adjuntos.Download(ctx, r.fge, a.ID, audit.Reason{Code: "seguimiento_caso"}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("fiscalía downloads a caso's document: %v", err)
	}
}

// TestAdjuntos_OnlyTheAttachingInstitutionVoidsASessionDocument: every
// member of the Grupo de Trabajo reads a session's documents, but only the
// institution that attached one destroys its bytes.
func TestAdjuntos_OnlyTheAttachingInstitutionVoidsASessionDocument(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	r := threeRecords(t, e)
	a := attachActa(t, e, r.gt, adjuntos.Sesion, r.session, "x.pdf")
	iqm := e.asPrincipal(t, "grupoiqm", "IQM", role("grupo_trabajo", "23005"))
	if err := e.Adjuntos.Void(ctx, iqm, a.ID, corrections.Reason{Code: "duplicado"}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("an IQM member voids a document an SSC member attached: %v", err)
	}
	if _, err := e.Adjuntos.Download(ctx, iqm, a.ID, audit.Reason{Code: "seguimiento_caso"}); err != nil {
		t.Errorf("an IQM member cannot read the session's document: %v", err)
	}
	if err := e.Adjuntos.Void(ctx, r.gt, a.ID, corrections.Reason{Code: "duplicado"}); err != nil {
		t.Errorf("the member who attached it cannot void it: %v", err)
	}
}

// TestAdjuntos_NamingNoInstitutionReachesCasoDocumentsOnlyNationwide: a
// transaction limited to some municipios that names no institution (the
// reports' shape) neither reads nor voids a caso's documents in the
// database.
func TestAdjuntos_NamingNoInstitutionReachesCasoDocumentsOnlyNationwide(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	r := threeRecords(t, e)
	a := attachActa(t, e, r.ceav, adjuntos.Caso, r.caso, "x.pdf")
	t.Logf("seen with municipios 23005 and no institution: %v", e.seenAs(t, "23005", ""))
	if _, err := e.pool.Exec(ctx, `BEGIN; SELECT set_config('sintra.municipios', '23005', true), set_config('sintra.institution', '', true);
		UPDATE adjuntos SET voided_at = now(), voided_by = created_by, void_reason = 'duplicado', content_enc = NULL WHERE id = '`+a.ID.String()+`';
		COMMIT`); err != nil {
		t.Fatal(err)
	}
	var voided int
	e.Owner(t).QueryRow(ctx, `SELECT count(voided_at) FROM adjuntos`).Scan(&voided)
	if voided != 0 {
		t.Error("a municipio-limited transaction naming no institution voided a caso's document in the database")
	}
}

// TestAdjuntos_EveryCallerOnEveryRecordsDocument: every role × domain ×
// institution against the documents of a caso, a carpeta and a session:
// who downloads, who lists, who reaches the voiding; no answer and no audit
// event names the file.
func TestAdjuntos_EveryCallerOnEveryRecordsDocument(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	r := threeRecords(t, e)
	docs := map[string]string{}
	for _, h := range []struct {
		recordType string
		who        *authz.Principal
		id         uuid.UUID
	}{{"caso", r.ceav, r.caso}, {"carpeta", r.fge, r.carpeta}, {"sesion_gt", r.gt, r.session}} {
		a, err := e.Adjuntos.Attach(ctx, h.who, h.recordType, h.id, adjuntos.Upload{Kind: "acta", Name: "MARCA.pdf", Content: minimalPDF})
		if err != nil {
			t.Fatal(err)
		}
		docs[h.recordType] = a.ID.String()
	}
	bases := map[string]string{"caso": "/api/v1/casos/" + r.caso.String(), "carpeta": "/api/v1/carpetas/" + r.carpeta.String(),
		"sesion_gt": "/api/v1/grupo-trabajo/sesiones/" + r.session.String()}
	allowed := func(c caller, recordType string) bool {
		own := c.domain == "23005" || c.domain == "23"
		switch recordType {
		case "caso":
			return own && c.role == "capturista" && c.institution == "CEAVEQROO"
		case "carpeta":
			return own && c.role == "fiscalia" && c.institution == "FGE"
		default:
			return own && c.role == "grupo_trabajo"
		}
	}
	for i, c := range callers() {
		if c.role == "" {
			continue
		}
		username := fmt.Sprintf("barrido%d", i)
		e.addUser(t, username, c.institution, role(c.role, c.domain))
		token := e.login(t, username, testPassword).AccessToken
		for recordType, id := range docs {
			get := e.doWith(t, "GET", "/api/v1/adjuntos/"+id, token, nil, reason())
			list := e.doWith(t, "GET", bases[recordType]+"/adjuntos", token, nil, reason())
			// "otro" without its text: refused as invalid only once scope passed.
			void := e.do(t, "POST", "/api/v1/adjuntos/"+id+"/anulacion", token, map[string]any{"reason_code": "otro"})
			if allowed(c, recordType) {
				if get.status != 200 || list.status != 200 || void.status != 400 {
					t.Errorf("%s on %s: get %d list %d void %d, want 200 200 400", c.name, recordType, get.status, list.status, void.status)
				}
				continue
			}
			if get.status != 404 && get.status != 403 || void.status != 404 && void.status != 403 || list.status != 404 && list.status != 403 ||
				bytes.Contains(get.body, []byte("MARCA")) || bytes.Contains(list.body, []byte("MARCA")) {
				t.Errorf("%s on %s: get %d list %d void %d", c.name, recordType, get.status, list.status, void.status)
			}
		}
	}
	var named, refusals, listings int
	e.Owner(t).QueryRow(ctx, `SELECT count(*) FILTER (WHERE detail ILIKE '%MARCA%' OR action ILIKE '%MARCA%'),
		count(*) FILTER (WHERE action = 'adjunto.descargar' AND outcome <> 'ok'),
		count(*) FILTER (WHERE action = 'adjunto.listar' AND outcome <> 'ok') FROM audit_events`).Scan(&named, &refusals, &listings)
	if named != 0 || refusals == 0 || listings == 0 {
		t.Errorf("%d audit events name the file; %d refused downloads and %d refused listings audited", named, refusals, listings)
	}
}

// TestAdjuntos_SealedColumnsAreBoundToTheirRow: a sealed name copied to
// another adjunto of the same caso, or into another column, no longer
// opens, and the application cannot move an adjunto to another record.
func TestAdjuntos_SealedColumnsAreBoundToTheirRow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	r := threeRecords(t, e)
	a1 := attachActa(t, e, r.ceav, adjuntos.Caso, r.caso, "uno.pdf")
	a2 := attachActa(t, e, r.ceav, adjuntos.Caso, r.caso, "dos.pdf")
	owner := e.Owner(t)
	if _, err := owner.Exec(ctx, `UPDATE adjuntos SET name_enc = (SELECT name_enc FROM adjuntos WHERE id = $1) WHERE id = $2`, a1.ID, a2.ID); err != nil {
		t.Fatal(err)
	}
	if f, err := e.Adjuntos.Download(ctx, r.ceav, a2.ID, audit.Reason{Code: "seguimiento_caso"}); err == nil {
		t.Errorf("a name copied from another row opened: %q", f.Name)
	}
	if _, err := owner.Exec(ctx, `UPDATE adjuntos SET content_enc = name_enc WHERE id = $1`, a1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Adjuntos.Download(ctx, r.ceav, a1.ID, audit.Reason{Code: "seguimiento_caso"}); err == nil {
		t.Error("a name copied into the content column opened")
	}
	// Moving a row to another record is not granted to the application.
	if _, err := e.pool.Exec(ctx, `BEGIN; SELECT set_config('sintra.municipios', '*', true), set_config('sintra.institution', 'CEAVEQROO', true);
		UPDATE adjuntos SET record_id = gen_random_uuid() WHERE id = '`+a1.ID.String()+`'; COMMIT`); err == nil {
		t.Error("the application moved an adjunto to another record")
	}
}

// TestAdjuntos_HerOwnDocumentsGoOnHerRecordAlone: a víctima's consent
// forms and identifications are refused on an expediente, a carpeta or a
// session, sealed under their keys, which her erasure would not destroy;
// on her own record they are taken.
func TestAdjuntos_HerOwnDocumentsGoOnHerRecordAlone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	r := threeRecords(t, e)
	v, err := e.victims.Register(ctx, r.ceav, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2024, 3, 18, 0, 0, 0, 0, time.UTC)},
		Personal:   victims.Personal{GivenNames: "Ana"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range adjuntos.PersonalKinds {
		up := adjuntos.Upload{Kind: kind, Name: "INE Ana Pérez.pdf", Content: minimalPDF}
		for _, h := range []struct {
			recordType string
			who        *authz.Principal
			id         uuid.UUID
		}{{adjuntos.Caso, r.ceav, r.caso}, {adjuntos.Carpeta, r.fge, r.carpeta}, {adjuntos.Sesion, r.gt, r.session}} {
			_, err := e.Adjuntos.Attach(ctx, h.who, h.recordType, h.id, up)
			if ae, ok := apperr.As(err); !ok || ae.Code != apperr.Invalid || len(ae.Fields) != 1 || ae.Fields[0].Field != "kind" {
				t.Errorf("%s on a %s: %v", kind, h.recordType, err)
			}
		}
		if _, err := e.Adjuntos.Attach(ctx, r.ceav, adjuntos.Victima, v.ID, up); err != nil {
			t.Errorf("%s on her record: %v", kind, err)
		}
	}
	var n int
	e.Owner(t).QueryRow(ctx, `SELECT count(*) FROM adjuntos WHERE record_type <> 'victima'`).Scan(&n)
	if n != 0 {
		t.Errorf("%d of her documents kept on other records", n)
	}
}

// attachActa attaches, as who, a minimal PDF named name, an acta, to the
// record of recordType id.
func attachActa(t *testing.T, e *env, who *authz.Principal, recordType string, id uuid.UUID, name string) domain.Adjunto {
	t.Helper()
	a, err := e.Adjuntos.Attach(context.Background(), who, recordType, id, adjuntos.Upload{Kind: "acta", Name: name, Content: minimalPDF})
	if err != nil {
		t.Fatal(err)
	}
	return a
}
