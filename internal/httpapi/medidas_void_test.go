package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"sintra/internal/testdb"
)

// TestMedidas_VoidAndClearThroughTheAPI: a caseworker empties with null a
// day entered by mistake, is told in Spanish when the status needs it, and
// voids a medida recorded by mistake with the copy she read and a reason;
// the voiding is audited, the reason rests only sealed, the medida stays
// listed as voided and takes no further change.
func TestMedidas_VoidAndClearThroughTheAPI(t *testing.T) {
	t.Parallel()
	e, ceav, other, v := newMedidasEnv(t)
	ctx := context.Background()
	var m struct{ ID string }
	e.do(t, "POST", "/api/v1/victimas/"+v.ID+"/medidas-proteccion", ceav, map[string]any{"type": "boton_panico",
		"beneficiary": "victima", "requested_by": "FGE", "requested_on": "2024-03-02"}).json(t, &m)
	path := "/api/v1/medidas-proteccion/" + m.ID
	v1 := map[string]string{"If-Match": `"v1"`}

	res := e.doWith(t, "PATCH", path, ceav, map[string]any{"status": "vigente", "on": "2024-03-05", "granting_authority": "juez",
		"granted_on": "2024-03-04", "ends_on": "2024-03-06"}, v1)
	if res.status != 200 || !strings.Contains(string(res.body), `"ends_on":"2024-03-06"`) {
		t.Fatalf("in force with an end by mistake: %d %s", res.status, res.body)
	}
	// Left out keeps it; null empties it.
	res = e.doWith(t, "PATCH", path, ceav, map[string]any{"observations": "x"}, map[string]string{"If-Match": `"v2"`})
	if res.status != 200 || !strings.Contains(string(res.body), `"ends_on":"2024-03-06"`) {
		t.Fatalf("a change leaving the end out: %d %s", res.status, res.body)
	}
	res = e.doWith(t, "PATCH", path, ceav, map[string]any{"ends_on": nil}, map[string]string{"If-Match": `"v3"`})
	if res.status != 200 || strings.Contains(string(res.body), "ends_on") || !strings.Contains(string(res.body), `"starts_on":"2024-03-05"`) {
		t.Fatalf("emptying the end: %d %s", res.status, res.body)
	}
	res = e.doWith(t, "PATCH", path, ceav, map[string]any{"starts_on": nil, "granting_authority": nil}, map[string]string{"If-Match": `"v4"`})
	if res.status != 400 || !strings.Contains(string(res.body), "Una medida vigente necesita su fecha de inicio; no se puede borrar.") ||
		!strings.Contains(string(res.body), "Indique la autoridad que otorgó la medida.") {
		t.Errorf("emptying what a medida vigente needs: %d %s", res.status, res.body)
	}

	voiding := map[string]any{"reason_code": "otro", "reason_text": "MARCAMOTIVO registrada en la víctima equivocada"}
	if res := e.do(t, "POST", path+"/anulacion", ceav, voiding); res.status != 428 {
		t.Errorf("voiding without If-Match: %d %s", res.status, res.body)
	}
	if res := e.doWith(t, "POST", path+"/anulacion", ceav, voiding, v1); res.status != 412 {
		t.Errorf("voiding a stale copy: %d %s", res.status, res.body)
	}
	if res := e.doWith(t, "POST", path+"/anulacion", other, voiding, map[string]string{"If-Match": `"v4"`}); res.status != 404 {
		t.Errorf("voiding from another municipio: %d %s", res.status, res.body)
	}
	if res := e.doWith(t, "POST", path+"/anulacion", ceav, voiding, map[string]string{"If-Match": `"v4"`}); res.status != 204 {
		t.Fatalf("voiding: %d %s", res.status, res.body)
	}
	if res := e.doWith(t, "POST", path+"/anulacion", ceav, voiding, map[string]string{"If-Match": `"v5"`}); res.status != 409 ||
		!strings.Contains(string(res.body), "La medida de protección fue anulada; ya no se puede modificar, evaluar ni anular.") {
		t.Errorf("voiding twice: %d %s", res.status, res.body)
	}
	if res := e.doWith(t, "PATCH", path, ceav, map[string]any{"observations": "y"}, map[string]string{"If-Match": `"v5"`}); res.status != 409 {
		t.Errorf("changing a voided medida: %d %s", res.status, res.body)
	}
	res = e.do(t, "GET", "/api/v1/victimas/"+v.ID+"/medidas-proteccion", ceav, nil)
	if !strings.Contains(string(res.body), `"void_reason_code":"otro"`) || !strings.Contains(string(res.body), `"voided_by_institution":"CEAVEQROO"`) ||
		strings.Contains(string(res.body), "MARCA") {
		t.Errorf("her list: %s", res.body)
	}
	res = e.doWith(t, "GET", path, ceav, nil, reason())
	if !strings.Contains(string(res.body), `"void_reason_text":"MARCAMOTIVO registrada en la víctima equivocada"`) {
		t.Errorf("the detail of a voided medida: %s", res.body)
	}
	if got := e.trail(t, "medida_proteccion.anular"); len(got) != 1 || got[0].Username != "ceav" || got[0].Municipio != "23005" ||
		strings.Contains(got[0].Detail, "MARCA") {
		t.Errorf("voiding audited as %+v", got)
	}
	var clear int
	if err := testdb.Pool(t, e.DB.OwnerURL).QueryRow(ctx, `SELECT count(*) FROM medidas_proteccion
		WHERE void_reason_enc IS NULL OR position('MARCA'::bytea IN void_reason_enc) > 0`).Scan(&clear); err != nil || clear != 0 {
		t.Errorf("the reason unsealed or in clear in %d rows (%v)", clear, err)
	}
}
