package render

import (
	"bytes"
	"fmt"

	"github.com/go-pdf/fpdf"
)

// newPDF starts a Letter-size document with title, breaking pages margin
// millimetres above the bottom. The returned function translates text to
// the fonts' code page (cp1252 covers Spanish).
func newPDF(title string, margin float64) (*fpdf.Fpdf, func(string) string) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetTitle(tr(title), false)
	pdf.SetAutoPageBreak(true, margin)
	// Uncompressed, so that what the document says can be checked as text.
	pdf.SetCompression(false)
	return pdf, tr
}

// output returns the finished document; what names it in an error.
func output(pdf *fpdf.Fpdf, what string) ([]byte, error) {
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, fmt.Errorf("render: %s: %w", what, err)
	}
	return out.Bytes(), nil
}
