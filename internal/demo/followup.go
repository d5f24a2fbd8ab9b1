package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
	"time"

	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"

	"sintra/internal/adjuntos"
	"sintra/internal/carpetas"
	"sintra/internal/corrections"
	"sintra/internal/domain"
	"sintra/internal/intake"
	"sintra/internal/medidas"
)

// judicialized is a carpeta the dataset brought before a judge: the
// sentencias and their reparación del daño follow some of them.
type judicialized struct {
	n      int
	id     uuid.UUID
	on     time.Time
	victim uuid.UUID
}

// followUp adds, at the demo's scale, what follows the first records: the
// medidas de protección of some víctimas with their risk assessments, the
// sentencias that ordered a reparación del daño and its payments, the
// reportes ciudadanos received, and documents attached to some víctimas.
// Every medida ends the year concluded, denied, revoked or voided, so that
// none waits for a review on the home page of whoever opens the demo.
func (d *dataset) followUp(ctx context.Context) error {
	if !d.scale.FollowUp {
		return nil
	}
	// The four touch different records: they are written side by side.
	g, gctx := errgroup.WithContext(ctx)
	for _, step := range []func(context.Context) error{d.medidas, d.reparacion, d.reportes, d.adjuntos} {
		g.Go(func() error { return step(gctx) })
	}
	return g.Wait()
}

// medidaPlans are the medidas asked for, one each, for every fourth
// víctima identified by September, and what became of each by the year's
// end.
var medidaPlans = []struct {
	kind, beneficiary string
	steps             []medidaStep
	voided            bool
}{
	{"escolta_vigilancia", "victima", []medidaStep{{"otorgada", 3, "ministerio_publico"}, {"vigente", 4, ""}, {"concluida", 75, ""}}, false},
	{"alojamiento_refugio", "ambas", []medidaStep{{"negada", 5, "juez"}}, false},
	{"boton_panico", "victima", []medidaStep{{"vigente", 2, "juez"}, {"revocada", 40, ""}}, false},
	{"proteccion_identidad", "familiares", []medidaStep{{"otorgada", 3, "institucion"}, {"concluida", 20, ""}}, false},
	{"rondines_policiales", "victima", nil, true},
}

// medidaStep is a change of status so many days after the request, by the
// authority that decided it when it was granted or denied.
type medidaStep struct {
	status    string
	after     int
	authority string
}

func (d *dataset) medidas(ctx context.Context) error {
	caseworker := d.who["demo.capturista"]
	last := time.Date(d.year, 9, 15, 0, 0, 0, 0, time.UTC)
	n := 0
	for i := 1; i < len(d.victims) && n < len(medidaPlans); i += 4 {
		v := d.victims[i]
		if v.identified.After(last) {
			continue
		}
		plan := medidaPlans[n%len(medidaPlans)]
		n++
		requested := v.identified.AddDate(0, 0, 2)
		m, err := d.svc.Medidas.Create(ctx, caseworker, v.ID, medidas.Input{Type: plan.kind, Beneficiary: plan.beneficiary,
			RequestedBy: "CEAVEQROO", RequestedOn: requested, Observations: "Medida ficticia del conjunto de demostración."})
		if err != nil {
			return err
		}
		if _, err := d.svc.Medidas.Evaluate(ctx, caseworker, m.ID, medidas.Assessment{RiskLevel: []string{"alto", "medio"}[n%2],
			AssessedOn: requested, NextReviewOn: requested.AddDate(0, 0, 30)}); err != nil {
			return err
		}
		m.Version++
		if plan.voided {
			if err := d.svc.Medidas.Void(ctx, caseworker, m.ID, m.Version, corrections.Reason{Code: "duplicado",
				Text: "Solicitud registrada dos veces (demostración)."}); err != nil {
				return err
			}
			continue
		}
		for k, step := range plan.steps {
			on := requested.AddDate(0, 0, step.after)
			c := medidas.Change{Status: &step.status, On: &on}
			if step.authority != "" {
				c.GrantingAuthority = &plan.steps[k].authority
				if step.status != "negada" {
					c.GrantedOn = &on
				}
			}
			if step.status == "concluida" && k > 0 {
				// Reviewed once while in force, the risk had come down.
				reviewed := requested.AddDate(0, 0, step.after-5)
				if _, err := d.svc.Medidas.Evaluate(ctx, caseworker, m.ID, medidas.Assessment{RiskLevel: "bajo", AssessedOn: reviewed,
					NextReviewOn: reviewed.AddDate(0, 0, 30)}); err != nil {
					return err
				}
				m.Version++
			}
			if m, err = d.svc.Medidas.Update(ctx, caseworker, m.ID, m.Version, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// reparacion gives a sentencia condenatoria ordering the reparación del
// daño to every other carpeta judicialized (the second, the fourth…) early
// enough in the year, with the payments made against it: the first
// sentencia is paid in full in two payments, the next in part, with a
// payment recorded twice by mistake and the copy voided, and so on.
func (d *dataset) reparacion(ctx context.Context) error {
	prosecutor := d.who["demo.fiscalia"]
	end := time.Date(d.year, 12, 15, 0, 0, 0, 0, time.UTC)
	slices.SortFunc(d.judicialized, func(a, b judicialized) int { return a.n - b.n })
	k := 0
	for i, j := range d.judicialized {
		sentenced := j.on.AddDate(0, 0, 45)
		if i%2 != 1 || sentenced.After(end.AddDate(0, 0, -30)) {
			continue
		}
		k++
		if _, err := d.svc.Carpetas.Advance(ctx, prosecutor, j.id, "sentencia_condenatoria", sentenced, nil); err != nil {
			return err
		}
		ordered := int64(120_000_00 + 30_000_00*(k%3))
		r, err := d.svc.Carpetas.AddResolucion(ctx, prosecutor, j.id, carpetas.ResolucionInput{Resolucion: domain.Resolucion{
			Kind: "sentencia_condenatoria", ResolvedOn: sentenced, ReparationOrdered: true, ReparationCents: &ordered},
			Sentence: "Pena de prisión y reparación del daño (ficticia)."})
		if err != nil {
			return err
		}
		victim := uuid.NullUUID{UUID: j.victim, Valid: true}
		payments := []carpetas.PaymentInput{{PaidOn: sentenced.AddDate(0, 0, 10), AmountCents: ordered / 2, Payer: "fondo_ceaveqroo", VictimID: victim}}
		if k%2 == 1 {
			payments = append(payments, carpetas.PaymentInput{PaidOn: sentenced.AddDate(0, 0, 20), AmountCents: ordered / 2,
				Payer: "persona_sentenciada", VictimID: victim})
		}
		for _, in := range payments {
			if _, err := d.svc.Carpetas.RecordPayment(ctx, prosecutor, j.id, r.ID, in); err != nil {
				return err
			}
		}
		if k%2 == 0 {
			mistake, err := d.svc.Carpetas.RecordPayment(ctx, prosecutor, j.id, r.ID, carpetas.PaymentInput{PaidOn: sentenced.AddDate(0, 0, 10),
				AmountCents: ordered / 2, Payer: "fondo_ceaveqroo", VictimID: victim})
			if err != nil {
				return err
			}
			if err := d.svc.Carpetas.VoidPayment(ctx, prosecutor, j.id, r.ID, mistake.ID, mistake.Version, corrections.Reason{Code: "duplicado"}); err != nil {
				return err
			}
		}
	}
	return nil
}

// reportePlans are the reportes ciudadanos received, in turn, and what the
// caseworker made of each.
var reportePlans = []struct {
	channel, reporter, classification, outcome string
}{
	{"linea_telefonica", "anonimo", "posible_trata", "caso"},
	{"denuncia_en_linea", "tercero", "no_es_trata", "descartado"},
	{"linea_telefonica", "familiar", "posible_trata", "canalizado"},
	{"presencial", "posible_victima", "posible_trata", "caso"},
	{"redes_sociales", "anonimo", "por_determinar", "recibido"},
	{"correo", "tercero", "posible_trata", "en_analisis"},
}

// reportes records the reportes ciudadanos received over the year, one for
// every sixth víctima at most: some turned into expedientes, one
// canalizado to the Fiscalía, one discarded, some still open.
func (d *dataset) reportes(ctx context.Context) error {
	caseworker := d.who["demo.capturista"]
	total := min(len(reportePlans), max(1, len(d.victims)/6))
	for i := range total {
		plan := reportePlans[i%len(reportePlans)]
		received := d.day(20 + i*330/total).Add(time.Duration(9+i%10) * time.Hour)
		var mods []string
		if plan.classification == "posible_trata" {
			mods = []string{[]string{"explotacion_sexual", "trabajos_forzados"}[i%2]}
		}
		hechos := "23005"
		r, err := d.svc.Intake.Create(ctx, caseworker, intake.Input{Municipio: "23005", HechosMunicipio: &hechos, ReceivedAt: received,
			Channel: plan.channel, Reporter: plan.reporter, Classification: plan.classification, Modalidades: mods,
			Narrative: fmt.Sprintf("Relato ficticio del reporte de demostración %d.", i+1)})
		if err != nil {
			return err
		}
		var status, to, reason *string
		switch plan.outcome {
		case "caso":
			if _, err := d.svc.Intake.ToCaso(ctx, caseworker, r.ID, r.Version); err != nil {
				return err
			}
			continue
		case "canalizado":
			status, to, reason = ptr("canalizado"), ptr("FGE"), ptr("Se canalizó a la Fiscalía para su investigación.")
		case "descartado":
			status, reason = ptr("descartado"), ptr("No se trata de hechos de trata de personas.")
		case "en_analisis":
			status = ptr("en_analisis")
		default:
			continue
		}
		if _, err := d.svc.Intake.Update(ctx, caseworker, r.ID, r.Version, intake.Change{Status: status, CanalizadoA: to,
			ClosingReason: reason}); err != nil {
			return err
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// adjuntos attaches to every tenth víctima her signed consent, a small PDF,
// and to every twentieth a photograph of an identification, a small PNG:
// both generated, both clearly fictitious.
func (d *dataset) adjuntos(ctx context.Context) error {
	caseworker := d.who["demo.capturista"]
	for i := 3; i < len(d.victims); i += 10 {
		v := d.victims[i]
		if _, err := d.svc.Adjuntos.Attach(ctx, caseworker, adjuntos.Victima, v.ID, adjuntos.Upload{Kind: "consentimiento",
			Description: "Consentimiento informado firmado (ficticio).", Name: fmt.Sprintf("consentimiento-%s.pdf", v.Folio),
			Content: demoPDF("Consentimiento informado - " + v.Folio + " - documento ficticio")}); err != nil {
			return err
		}
		if i%20 != 3 {
			continue
		}
		img, err := demoPNG(i)
		if err != nil {
			return err
		}
		if _, err := d.svc.Adjuntos.Attach(ctx, caseworker, adjuntos.Victima, v.ID, adjuntos.Upload{Kind: "identificacion",
			Description: "Fotografía de una identificación (ficticia).", Name: fmt.Sprintf("identificacion-%s.png", v.Folio),
			Content: img}); err != nil {
			return err
		}
	}
	return nil
}

// demoPDF is a one-page PDF showing a line of text.
func demoPDF(text string) []byte {
	stream := fmt.Sprintf("BT /F1 14 Tf 56 780 Td (%s) Tj ET", text)
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for k, o := range objects {
		offsets[k] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", k+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// demoPNG is a small card-like image, its colour set by n.
func demoPNG(n int) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 86, 54))
	fill := color.RGBA{R: uint8(60 + n*7%120), G: 120, B: 170, A: 255}
	for y := range 54 {
		for x := range 86 {
			c := fill
			if y > 8 && y < 46 && x > 6 && x < 30 {
				c = color.RGBA{R: 220, G: 220, B: 220, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	err := png.Encode(&b, img)
	return b.Bytes(), err
}
