package httpapi_test

import (
	"strings"
	"testing"
)

// A payment beyond the balance, or on a resolución that ordered no
// reparación, is refused with 422 and a Spanish title; a voiding needs the
// payment's ETag, a correction of the amount ordered the resolución's; the
// carpeta's detail sums ordered, paid and pending.
func TestReparationPayments_RefusedBeyondTheOrderAndVoidedWithAnETag(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "fge-bj", "FGE", role("fiscalia", "23005"))
	token := e.login(t, "fge-bj", testPassword).AccessToken
	res := e.do(t, "POST", "/api/v1/carpetas", token, newCarpeta("FGE/QR/BJ/0800/2024", "23005"))
	if res.status != 201 {
		t.Fatalf("carpeta: %d %s", res.status, res.body)
	}
	var carpeta struct{ ID string }
	res.json(t, &carpeta)
	base := "/api/v1/carpetas/" + carpeta.ID + "/resoluciones"
	var ordered, none struct{ ID string }
	e.do(t, "POST", base, token, map[string]any{"kind": "sentencia_condenatoria", "resolved_on": "2024-06-01",
		"reparation_ordered": true, "reparation_amount": 2500.5}).json(t, &ordered)
	e.do(t, "POST", base, token, map[string]any{"kind": "sobreseimiento", "resolved_on": "2024-06-01"}).json(t, &none)
	pago := func(resolucion string, cents int) response {
		return e.do(t, "POST", base+"/"+resolucion+"/pagos", token, map[string]any{"paid_on": "2024-06-10", "amount_centavos": cents, "payer": "otro"})
	}
	first := pago(ordered.ID, 200_000)
	if first.status != 201 || first.header.Get("ETag") != `"v1"` {
		t.Fatalf("a payment within the order: %d %s %q", first.status, first.body, first.header.Get("ETag"))
	}
	var paid struct{ ID string }
	first.json(t, &paid)
	for name, r := range map[string]response{"beyond the balance": pago(ordered.ID, 50_051), "with no reparación ordered": pago(none.ID, 100)} {
		if r.status != 422 || !strings.Contains(string(r.body), `"code":"unprocessable"`) || !strings.Contains(string(r.body), "reparación del daño") {
			t.Errorf("a payment %s: %d %s, want 422 with a Spanish title", name, r.status, r.body)
		}
	}
	if r := pago(ordered.ID, 50_050); r.status != 201 {
		t.Errorf("a payment of the whole balance: %d %s", r.status, r.body)
	}
	anular := base + "/" + ordered.ID + "/pagos/" + paid.ID + "/anulacion"
	if r := e.do(t, "POST", anular, token, map[string]any{"reason_code": "duplicado"}); r.status != 428 {
		t.Errorf("a voiding without If-Match: %d %s, want 428", r.status, r.body)
	}
	if r := e.doWith(t, "POST", anular, token, map[string]any{"reason_code": "duplicado"}, ifMatchV1()); r.status != 204 {
		t.Errorf("a voiding: %d %s, want 204", r.status, r.body)
	}
	monto := base + "/" + ordered.ID + "/reparacion"
	correction := map[string]any{"ordered_centavos": 300_000, "reason_code": "informacion_nueva"}
	if r := e.do(t, "PUT", monto, token, correction); r.status != 428 {
		t.Errorf("a correction of the amount without If-Match: %d %s, want 428", r.status, r.body)
	}
	if r := e.doWith(t, "PUT", monto, token, map[string]any{"ordered_centavos": 50_049, "reason_code": "informacion_nueva"}, ifMatchV1()); r.status != 422 {
		t.Errorf("an amount below what was paid: %d %s, want 422", r.status, r.body)
	}
	if r := e.doWith(t, "PUT", monto, token, correction, ifMatchV1()); r.status != 204 || r.header.Get("ETag") != `"v2"` {
		t.Errorf("a correction of the amount: %d %s %q, want 204 and v2", r.status, r.body, r.header.Get("ETag"))
	}
	var detail struct {
		ReparacionTotal struct {
			OrderedCentavos int64 `json:"ordered_centavos"`
			PaidCentavos    int64 `json:"paid_centavos"`
			PendingCentavos int64 `json:"pending_centavos"`
		} `json:"reparacion_total"`
	}
	e.doWith(t, "GET", "/api/v1/carpetas/"+carpeta.ID, token, nil, reason()).json(t, &detail)
	if got := detail.ReparacionTotal; got.OrderedCentavos != 300_000 || got.PaidCentavos != 50_050 || got.PendingCentavos != 249_950 {
		t.Errorf("the carpeta's reparación: %+v, want 300000 ordered, 50050 paid, 249950 pending", got)
	}
}
