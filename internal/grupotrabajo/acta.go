package grupotrabajo

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/google/uuid"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
)

// Acta renders a session's minutes as a printable PDF: attendance, the
// casos reviewed with their víctimas in the minimal view only, and the
// acuerdos. Producing it is audited as a read.
func (s *Service) Acta(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) ([]byte, error) {
	session, err := s.GetSession(ctx, p, id, reason)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, catalog := range []string{"instituciones", "municipios"} {
		entries, err := s.store.CatalogEntries(ctx, catalog)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			names[e.Code] = e.Name
		}
	}
	return renderActa(session, names, s.clock.Now())
}

func renderActa(g Session, names map[string]string, now time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetTitle(tr("Acta de sesión del Grupo de Trabajo"), false)
	pdf.SetAutoPageBreak(true, 20)
	// Uncompressed, so that what the document says can be checked as text.
	pdf.SetCompression(false)
	pdf.AddPage()
	heading := func(text string) {
		pdf.Ln(3)
		pdf.SetFont("Helvetica", "B", 11)
		pdf.MultiCell(0, 6, tr(text), "", "L", false)
		pdf.SetFont("Helvetica", "", 10)
	}
	para := func(text string) { pdf.MultiCell(0, 5, tr(text), "", "L", false) }
	pdf.SetFont("Helvetica", "B", 13)
	pdf.MultiCell(0, 7, tr("Grupo de Trabajo de Seguimiento a Casos de Trata de Personas"), "", "C", false)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, tr(fmt.Sprintf("Acta de la sesión %s del municipio de %s, %s", g.Kind, names[g.Municipio],
		g.HeldOn.Format("02/01/2006"))), "", "C", false)

	heading("Instituciones asistentes")
	var attending []string
	for _, code := range g.Institutions {
		attending = append(attending, names[code])
	}
	para(strings.Join(attending, "; "))

	heading("Expedientes revisados")
	if len(g.Reviews) == 0 {
		para("Ninguno.")
	}
	for _, r := range g.Reviews {
		para(fmt.Sprintf("%s (%s)", r.Folio, r.CasoStatus))
		for _, v := range r.Victims {
			nat := ""
			if v.Nationality != nil {
				nat = *v.Nationality
			}
			para(fmt.Sprintf("   Víctima %s: %s, %s, %s años, %s; modalidades: %s; estado: %s", v.Folio, v.Initials, v.Sex,
				v.AgeGroup, nat, strings.Join(v.Modalidades, ", "), v.Status))
		}
		if r.Summary != "" {
			para("   " + r.Summary)
		}
	}

	heading("Acuerdos de la sesión")
	acuerdos(pdf, tr, g.Acuerdos, names)
	heading("Acuerdos de sesiones anteriores pendientes")
	acuerdos(pdf, tr, g.Pending, names)

	if g.Minutes != "" {
		heading("Minuta")
		para(g.Minutes)
	}
	pdf.SetY(-15)
	pdf.SetFont("Helvetica", "I", 8)
	pdf.CellFormat(0, 5, tr("Documento confidencial. Generado por SINTRA Quintana Roo el "+now.In(clock.Zone).Format("02/01/2006 15:04")), "", 0, "C", false, 0, "")
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, fmt.Errorf("grupotrabajo: acta: %w", err)
	}
	return out.Bytes(), nil
}

func acuerdos(pdf *fpdf.Fpdf, tr func(string) string, list []Acuerdo, names map[string]string) {
	if len(list) == 0 {
		pdf.MultiCell(0, 5, tr("Ninguno."), "", "L", false)
		return
	}
	for i, a := range list {
		status := a.Status
		if a.Overdue {
			status = "vencido"
		}
		pdf.MultiCell(0, 5, tr(fmt.Sprintf("%d. %s — Responsable: %s. Fecha compromiso: %s. Estado: %s.", i+1, a.Text,
			names[a.Responsible], a.DueOn.Format("02/01/2006"), status)), "", "L", false)
	}
}
