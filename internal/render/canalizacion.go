package render

import (
	"fmt"
	"time"

	"sintra/internal/clock"
)

// Canalizacion is what a printed canalización says, every institution
// named: who sends whom to whom for what, and the víctima's contact card.
type Canalizacion struct {
	Folio       string
	From, To    string
	ServiceType string
	SentOn      time.Time
	Status      string
	// The víctima's contact card.
	Name               string
	Sex                string
	Age                *int32
	Nationality        *string
	IndigenousLanguage *string
	Phone              string
	Notes              string
}

// CanalizacionPDF lays out a canalización for printing, for delivery to an
// institution that does not work in SINTRA, generated at now.
func CanalizacionPDF(c Canalizacion, now time.Time) ([]byte, error) {
	pdf, tr := newPDF("Canalización de víctima", 20)
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
	row("Folio de la víctima:", c.Folio)
	row("Institución que canaliza:", c.From)
	row("Institución receptora:", c.To)
	row("Servicio solicitado:", c.ServiceType)
	row("Fecha de envío:", c.SentOn.Format("02/01/2006"))
	row("Estado:", c.Status)
	pdf.Ln(3)
	row("Nombre:", c.Name)
	row("Sexo:", c.Sex)
	if c.Age != nil {
		row("Edad:", fmt.Sprint(*c.Age))
	}
	if c.Nationality != nil {
		row("Nacionalidad:", *c.Nationality)
	}
	if c.IndigenousLanguage != nil {
		row("Lengua indígena:", *c.IndigenousLanguage)
	}
	row("Teléfono de contacto:", c.Phone)
	if c.Notes != "" {
		pdf.Ln(3)
		row("Observaciones:", c.Notes)
	}
	pdf.Ln(12)
	pdf.CellFormat(90, 6, tr("Nombre y firma de quien entrega"), "T", 0, "C", false, 0, "")
	pdf.CellFormat(10, 6, "", "", 0, "C", false, 0, "")
	pdf.CellFormat(90, 6, tr("Nombre y firma de quien recibe"), "T", 1, "C", false, 0, "")
	pdf.SetY(-15)
	pdf.SetFont("Helvetica", "I", 8)
	pdf.CellFormat(0, 5, tr("Generado por SINTRA Quintana Roo el "+now.In(clock.Zone).Format("02/01/2006 15:04")), "", 0, "C", false, 0, "")
	return output(pdf, "canalización pdf")
}
