package canalizaciones

import (
	"bytes"
	"fmt"
	"sintra/internal/clock"
	"time"

	"github.com/go-pdf/fpdf"
)

// renderPDF lays out a canalización for printing: who sends whom to whom
// for what, the víctima's contact card and the notes.
func renderPDF(d Detail, institutions map[string]string, now time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252 covers Spanish
	pdf.SetTitle(tr("Canalización de víctima"), false)
	pdf.SetAutoPageBreak(true, 20)
	// Uncompressed, so that what the document says can be checked as text.
	pdf.SetCompression(false)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 14)
	pdf.MultiCell(0, 7, tr("Canalización de persona en situación de víctima de trata"), "", "C", false)
	pdf.SetFont("Helvetica", "", 9)
	pdf.MultiCell(0, 5, tr("Documento confidencial (Ley en Materia de Trata de Personas del Estado de Quintana Roo, Art. 14–16). "+
		"Entréguese en mano a la institución receptora; no se reproduzca."), "", "C", false)
	pdf.Ln(4)
	row := func(label, value string) {
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(55, 6, tr(label), "", 0, "L", false, 0, "")
		pdf.SetFont("Helvetica", "", 10)
		pdf.MultiCell(0, 6, tr(value), "", "L", false)
	}
	row("Folio de la víctima:", d.Victim.Folio)
	row("Institución que canaliza:", institutions[d.From])
	row("Institución receptora:", institutions[d.To])
	row("Servicio solicitado:", d.ServiceType)
	row("Fecha de envío:", d.SentOn.Format("02/01/2006"))
	row("Estado:", d.Status)
	pdf.Ln(3)
	row("Nombre:", d.Victim.Name)
	row("Sexo:", d.Victim.Sex)
	if d.Victim.Age != nil {
		row("Edad:", fmt.Sprint(*d.Victim.Age))
	}
	if d.Victim.Nationality != nil {
		row("Nacionalidad:", *d.Victim.Nationality)
	}
	if d.Victim.IndigenousLanguage != nil {
		row("Lengua indígena:", *d.Victim.IndigenousLanguage)
	}
	row("Teléfono de contacto:", d.Victim.Phone)
	if d.Notes != "" {
		pdf.Ln(3)
		row("Observaciones:", d.Notes)
	}
	pdf.Ln(12)
	pdf.CellFormat(90, 6, tr("Nombre y firma de quien entrega"), "T", 0, "C", false, 0, "")
	pdf.CellFormat(10, 6, "", "", 0, "C", false, 0, "")
	pdf.CellFormat(90, 6, tr("Nombre y firma de quien recibe"), "T", 1, "C", false, 0, "")
	pdf.SetY(-15)
	pdf.SetFont("Helvetica", "I", 8)
	pdf.CellFormat(0, 5, tr("Generado por SINTRA Quintana Roo el "+now.In(clock.Zone).Format("02/01/2006 15:04")), "", 0, "C", false, 0, "")
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, fmt.Errorf("canalizaciones: pdf: %w", err)
	}
	return out.Bytes(), nil
}
