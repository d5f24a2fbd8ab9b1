package intake_test

import (
	"context"
	"testing"

	"sintra/internal/clock"
	"sintra/internal/intake"
	"sintra/internal/testapp"
)

// The expediente opened from a reporte names it, by folio, to whoever may
// read that reporte: the receiving institution in its municipios; the
// Grupo de Trabajo, which reads the caso, learns nothing of the reporte.
func TestToCaso_TheCasoNamesItsReporte(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	r, err := e.Intake.Create(ctx, caseworker, intake.Input{Municipio: "23005", Channel: "linea_telefonica", Reporter: "anonimo",
		Classification: "posible_trata"})
	if err != nil {
		t.Fatal(err)
	}
	done, err := e.Intake.ToCaso(ctx, caseworker, r.ID, r.Version)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.Casos.Get(ctx, caseworker, done.CasoID.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Reporte == nil || c.Reporte.Folio != r.Folio || c.Reporte.ID != r.ID {
		t.Errorf("the caso names its reporte as %+v, want %s", c.Reporte, r.Folio)
	}
	other, err := e.Casos.Get(ctx, e.Principal(t, "SSC", "grupo_trabajo", "23005"), done.CasoID.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if other.Reporte != nil {
		t.Errorf("the Grupo de Trabajo learns of the reporte: %+v", other.Reporte)
	}
}
