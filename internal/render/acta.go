package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"sintra/internal/clock"
)

// Acta is what the minutes of a Grupo de Trabajo session say, every
// institution and municipio named.
type Acta struct {
	Kind         string
	Municipio    string
	HeldOn       time.Time
	Institutions []string
	Reviews      []ActaReview
	// Acuerdos taken in the session, and those of earlier sessions still open.
	Acuerdos []ActaAcuerdo
	Pending  []ActaAcuerdo
	Minutes  string
}

// ActaReview is a caso reviewed in the session, with its víctimas in the
// minimal view only.
type ActaReview struct {
	Folio      string
	CasoStatus string
	Summary    string
	Victims    []ActaVictim
}

// ActaVictim is a víctima of a reviewed caso, in the minimal view.
type ActaVictim struct {
	Folio       string
	Initials    string
	Sex         string
	AgeGroup    string
	Nationality string
	Modalidades []string
	Status      string
}

// ActaAcuerdo is an acuerdo, its responsible institution named.
type ActaAcuerdo struct {
	Text        string
	Responsible string
	DueOn       time.Time
	Status      string
	Overdue     bool
}

// ActaPDF renders a session's minutes as a printable PDF, generated at now:
// attendance, the casos reviewed and the acuerdos.
func ActaPDF(a Acta, now time.Time) ([]byte, error) {
	pdf, tr := newPDF("Acta de sesión del Grupo de Trabajo", 20)
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
	pdf.MultiCell(0, 6, tr(fmt.Sprintf("Acta de la sesión %s del municipio de %s, %s", a.Kind, a.Municipio,
		a.HeldOn.Format("02/01/2006"))), "", "C", false)

	heading("Instituciones asistentes")
	para(strings.Join(a.Institutions, "; "))

	heading("Expedientes revisados")
	if len(a.Reviews) == 0 {
		para("Ninguno.")
	}
	for _, r := range a.Reviews {
		para(fmt.Sprintf("%s (%s)", r.Folio, r.CasoStatus))
		for _, v := range r.Victims {
			para(fmt.Sprintf("   Víctima %s: %s, %s, %s años, %s; modalidades: %s; estado: %s", v.Folio, v.Initials, v.Sex,
				v.AgeGroup, v.Nationality, strings.Join(v.Modalidades, ", "), v.Status))
		}
		if r.Summary != "" {
			para("   " + r.Summary)
		}
	}

	heading("Acuerdos de la sesión")
	acuerdos(pdf, tr, a.Acuerdos)
	heading("Acuerdos de sesiones anteriores pendientes")
	acuerdos(pdf, tr, a.Pending)

	if a.Minutes != "" {
		heading("Minuta")
		para(a.Minutes)
	}
	pdf.SetY(-15)
	pdf.SetFont("Helvetica", "I", 8)
	pdf.CellFormat(0, 5, tr("Documento confidencial. Generado por SINTRA Quintana Roo el "+now.In(clock.Zone).Format("02/01/2006 15:04")), "", 0, "C", false, 0, "")
	return output(pdf, "acta")
}

// acuerdos lists acuerdos, numbered; an overdue one says so.
func acuerdos(pdf *fpdf.Fpdf, tr func(string) string, list []ActaAcuerdo) {
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
			a.Responsible, a.DueOn.Format("02/01/2006"), status)), "", "L", false)
	}
}
