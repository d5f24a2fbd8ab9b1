package httpapi_test

import (
	"testing"
	"time"

	"sintra/internal/clock"
)

// The home page counts with /avisos and links to the list it counted: the
// list filtered the same way holds as many canalizaciones.
func TestAvisos_CountWhatTheLinkedListShows(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "iqm", "IQM", role("capturista", "23005"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	iqm := e.login(t, "iqm", testPassword).AccessToken
	res := e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-20"}, "personal": map[string]any{"given_names": "Itzel", "first_surname": "May"},
		"consents": []map[string]any{{"kind": "compartir_instituciones", "granted": true, "given_on": "2024-03-20"}}})
	var v struct{ ID string }
	res.json(t, &v)
	today := clock.Wall().Today()
	for _, sent := range []time.Time{today.AddDate(0, 0, -10), today} {
		if res := e.do(t, "POST", "/api/v1/canalizaciones", ceav, map[string]any{"victim_id": v.ID, "to": "IQM",
			"service_type": "atencion_psicologica", "sent_on": sent.Format(time.DateOnly)}); res.status != 201 {
			t.Fatalf("send: %d %s", res.status, res.body)
		}
	}

	var avisos struct {
		Items []struct {
			Kind           string `json:"kind"`
			Count          int    `json:"count"`
			Days           int    `json:"days"`
			SentOnOrBefore string `json:"sent_on_or_before"`
		}
	}
	e.do(t, "GET", "/api/v1/avisos", iqm, nil).json(t, &avisos)
	counts := map[string]int{}
	for _, a := range avisos.Items {
		counts[a.Kind] = a.Count
		if a.Kind != "canalizaciones_recibidas_sin_respuesta" {
			continue
		}
		list := e.do(t, "GET", "/api/v1/canalizaciones?bandeja=recibidas&estado=enviada&enviada_hasta="+a.SentOnOrBefore, iqm, nil)
		if got := itemIDs(t, list); len(got) != a.Count || a.Days != 5 {
			t.Errorf("the aviso counts %d waiting %d days; its list holds %d", a.Count, a.Days, len(got))
		}
	}
	if counts["canalizaciones_por_aceptar"] != 2 || counts["canalizaciones_recibidas_sin_respuesta"] != 1 {
		t.Errorf("the receiver is told %v, want 2 to accept, 1 of them unanswered", counts)
	}
	var none struct{ Items []any }
	e.do(t, "GET", "/api/v1/avisos", ceav, nil).json(t, &none)
	if len(none.Items) != 1 {
		t.Errorf("the sender is told %v, want the one canalización sent 10 days ago and unanswered", none.Items)
	}
}
