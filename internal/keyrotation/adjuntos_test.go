package keyrotation_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/adjuntos"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/grupotrabajo"
	"sintra/internal/testapp"
)

// pdf is a small PDF document.
var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// Documents attached to an expediente (and one whose expediente had no key
// until then), a carpeta and a session open unchanged after the master key
// they were wrapped under is rotated out and retired: rotation re-wraps the
// records' data keys, which the documents are sealed with.
func TestRewrapKeys_DocumentsOfCasosCarpetasAndSessionsStillOpen(t *testing.T) {
	t.Parallel()
	e := testapp.New(t)
	ctx := context.Background()
	caseworker, fiscal := principal(t, e.Store, "CEAVEQROO", "capturista"), principal(t, e.Store, "FGE", "fiscalia")
	member := principal(t, e.Store, "SSC", "grupo_trabajo")

	k, err := e.Casos.Create(ctx, caseworker, casos.Input{Municipio: "23005", Modalidades: []string{"sin_definir"}})
	if err != nil {
		t.Fatal(err)
	}
	old, err := e.Casos.Create(ctx, caseworker, casos.Input{Municipio: "23005", Modalidades: []string{"sin_definir"}})
	if err != nil {
		t.Fatal(err)
	}
	// An expediente opened before expedientes had keys gets one with its first document.
	if _, err := e.Owner(t).Exec(ctx, `UPDATE casos SET dek_wrapped = NULL, dek_version = NULL WHERE id = $1`, old.ID); err != nil {
		t.Fatal(err)
	}
	cp, err := e.Carpetas.Create(ctx, fiscal, carpetas.Input{Number: "FGE/ROT/1/2024", FiscaliaUnit: "FETP",
		StartedOn: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Municipio: "23005", Modalidad: "explotacion_sexual"})
	if err != nil {
		t.Fatal(err)
	}
	g, err := e.Grupo.CreateSession(ctx, member, grupotrabajo.SessionInput{Municipio: "23005", Kind: "ordinaria",
		HeldOn: time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	attached := map[uuid.UUID][]byte{}
	for i, r := range []struct {
		recordType string
		id         uuid.UUID
	}{{adjuntos.Caso, k.ID}, {adjuntos.Caso, old.ID}, {adjuntos.Carpeta, cp.ID}, {adjuntos.Sesion, g.ID}} {
		who := map[string]*authz.Principal{adjuntos.Caso: caseworker, adjuntos.Carpeta: fiscal, adjuntos.Sesion: member}[r.recordType]
		content := append(append([]byte{}, pdf...), byte('0'+i))
		a, err := e.Adjuntos.Attach(ctx, who, r.recordType, r.id, adjuntos.Upload{Kind: "acta", Name: "acta.pdf", Content: content})
		if err != nil {
			t.Fatalf("%s: %v", r.recordType, err)
		}
		attached[a.ID] = content
	}
	var keyed bool
	e.Owner(t).QueryRow(ctx, `SELECT dek_wrapped IS NOT NULL FROM casos WHERE id = $1`, old.ID).Scan(&keyed)
	if !keyed {
		t.Fatal("the expediente without a key got none with its document")
	}

	reloaded := rotate(t, e)
	reason := audit.Reason{Code: "seguimiento_caso"}
	for id, content := range attached {
		var recordType string
		e.Owner(t).QueryRow(ctx, `SELECT record_type FROM adjuntos WHERE id = $1`, id).Scan(&recordType)
		who := map[string]*authz.Principal{adjuntos.Caso: caseworker, adjuntos.Carpeta: fiscal, adjuntos.Sesion: member}[recordType]
		f, err := reloaded.Adjuntos.Download(ctx, who, id, reason)
		if err != nil || !bytes.Equal(f.Content, content) || f.Name != "acta.pdf" {
			t.Errorf("%s document after the rotation: %q %q (%v)", recordType, f.Name, f.Content, err)
		}
	}
}
