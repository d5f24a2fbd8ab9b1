package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sintra/internal/domain"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"

	"sintra/internal/actividades"
	"sintra/internal/app"
	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/canalizaciones"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/clock"
	"sintra/internal/grupotrabajo"
	"sintra/internal/reports"
	"sintra/internal/services"
	"sintra/internal/victims"
)

// Scale is how much a generation creates.
type Scale struct {
	Victims    int
	Activities int
	// MaxServices bounds the services of one víctima: 1 to MaxServices,
	// evenly.
	MaxServices int
	// Years the records spread over, ending with the year asked for.
	Years int
	// Workers write in parallel; 1 keeps a run reproducible.
	Workers int
	// FollowUp adds what follows the first records (see followUp): the
	// demo's medidas de protección, sentencias with their reparación del
	// daño, reportes ciudadanos and attached documents.
	FollowUp bool
}

// Scales are the named sizes of `sintra demo generate`; "demo" is the
// dataset of a demo server.
var Scales = map[string]Scale{
	"demo":    {Victims: 40, Activities: 30, MaxServices: 4, Years: 1, Workers: 1, FollowUp: true},
	"estatal": {Victims: 10000, Activities: 2000, MaxServices: 4, Years: 1, Workers: 8},
	// A decade of the national system: 100,000 víctimas a year, about
	// ten services each.
	"nacional": {Victims: 1000000, Activities: 200000, MaxServices: 19, Years: 10, Workers: 8},
	// One year of it: the rows a report of that year reads.
	"nacional-anio": {Victims: 100000, Activities: 20000, MaxServices: 19, Years: 1, Workers: 8},
}

// DatasetVictims is how many víctimas the demo dataset registers.
var DatasetVictims = Scales["demo"].Victims

// Progress hears how far a generation is: a stage, and done of total.
type Progress func(stage string, done, total int)

// weighted picks from choices by weight.
type weighted[T any] []struct {
	value  T
	weight int
}

func (w weighted[T]) pick(rng *rand.Rand) T {
	total := 0
	for _, c := range w {
		total += c.weight
	}
	n := rng.IntN(total)
	for _, c := range w {
		if n -= c.weight; n < 0 {
			return c.value
		}
	}
	return w[0].value
}

// Shapes close to the Comisión's figures: mostly women, mostly Mexican,
// Colombian and Venezuelan; explotación sexual first.
var (
	sexes         = weighted[string]{{"mujer", 85}, {"hombre", 15}}
	nationalities = weighted[string]{{"MX", 40}, {"CO", 25}, {"VE", 10}, {"CU", 5}, {"HN", 5}, {"GT", 5}, {"AR", 5}, {"SV", 5}}
	modalidades   = weighted[string]{{"explotacion_sexual", 60}, {"trabajos_forzados", 15}, {"mendicidad_forzosa", 5}, {"sin_definir", 20}}
	serviceMix    = weighted[string]{{"atencion_psicologica", 30}, {"asesoria_juridica", 25}, {"alimentos", 20}, {"alojamiento", 15}, {"atencion_medica", 10}}
	activityMix   = weighted[[2]string]{{[2]string{"prevencion", "capacitacion"}, 30}, {[2]string{"prevencion", "sensibilizacion"}, 30},
		{[2]string{"prevencion", "difusion_intangible"}, 15}, {[2]string{"combate", "recorrido"}, 15}, {[2]string{"combate", "operativo"}, 10}}
)

// DatasetYear is the year of the demo dataset: that of the Comisión's
// published 2024 T2 report, so that its periods can be compared with it.
const DatasetYear = 2024

// EnsureDataset fills an empty demo database with a year of clearly
// fictitious records in Benito Juárez (the demo accounts' municipio), in
// DatasetYear, and defines the Comisión's reporting periods of every year
// from then to the current one. It does nothing when víctimas exist already.
func EnsureDataset(ctx context.Context, a *app.App) error {
	who, err := principals(ctx, a)
	if err != nil {
		return err
	}
	if page, err := a.Victims.List(ctx, who["demo.capturista"], domain.VictimFilter{}, 1, uuid.NullUUID{}); err != nil || page.Total > 0 {
		return err
	}
	if err := generate(ctx, a, who, Scales["demo"], DatasetYear, func(string, int, int) {}); err != nil {
		return err
	}
	for year := DatasetYear + 1; year <= a.Clock.Year(); year++ {
		if err := definePeriods(ctx, a.Domain, who, year); err != nil {
			return err
		}
	}
	return nil
}

// Generate adds fictitious records at a scale, in Benito Juárez, through
// the demo accounts (which must exist), reporting its progress: the scale's
// years up to lastYear, each with its share of the records and its
// reporting periods when they are missing.
func Generate(ctx context.Context, a *app.App, scale Scale, lastYear int, progress Progress) error {
	who, err := principals(ctx, a)
	if err != nil {
		return err
	}
	return generate(ctx, a, who, scale, lastYear, progress)
}

func principals(ctx context.Context, a *app.App) (map[string]*authz.Principal, error) {
	who := map[string]*authz.Principal{}
	for _, acc := range Accounts {
		u, err := a.Store.UserByUsername(ctx, acc.Username)
		if err != nil {
			return nil, fmt.Errorf("demo: account %s: %w", acc.Username, err)
		}
		who[acc.Username] = &authz.Principal{UserID: u.ID, Username: u.Username, Institution: u.Institution,
			Assignments: []authz.Assignment{{Role: acc.Role, Domain: acc.Domain}}}
	}
	return who, nil
}

func generate(ctx context.Context, a *app.App, who map[string]*authz.Principal, scale Scale, lastYear int, progress Progress) error {
	years := max(1, scale.Years)
	first := lastYear - years + 1
	for year := first; year <= lastYear; year++ {
		// A year's records are written as of its last afternoon, as if the
		// system had been in use then: folios carry their year.
		asOf := time.Date(year, 12, 31, 23, 0, 0, 0, clock.Zone)
		share := scale
		share.Victims = shareOf(scale.Victims, years, year-first)
		share.Activities = shareOf(scale.Activities, years, year-first)
		stage := progress
		if years > 1 {
			stage = func(name string, done, total int) { progress(fmt.Sprintf("%d %s", year, name), done, total) }
		}
		svc := a.Domain.AsOf(clock.Fixed(asOf))
		if err := definePeriods(ctx, svc, who, year); err != nil {
			return fmt.Errorf("demo dataset %d: %w", year, err)
		}
		d := dataset{svc: svc, who: who, rng: rand.New(rand.NewPCG(uint64(year), 23005)),
			year: year, scale: share, progress: stage}
		for _, step := range []func(context.Context) error{d.registerVictims, d.carpetas, d.grupo, d.activities, d.followUp} {
			if err := step(ctx); err != nil {
				return fmt.Errorf("demo dataset %d: %w", year, err)
			}
		}
	}
	return nil
}

// definePeriods defines the Comisión's quarterly and annual reporting
// periods of a year, unless the year has them already.
func definePeriods(ctx context.Context, svc app.Domain, who map[string]*authz.Principal, year int) error {
	if _, err := svc.Reports.AnnualPeriod(ctx, year); apperr.CodeOf(err) != apperr.NotFound {
		return err
	}
	for _, p := range reports.ComisionYear(year) {
		if _, err := svc.Reports.CreatePeriod(ctx, who["demo.secretaria"], p); err != nil {
			return err
		}
	}
	return nil
}

// shareOf is the i-th of n near-equal parts of total.
func shareOf(total, n, i int) int { return total*(i+1)/n - total*i/n }

type dataset struct {
	svc      app.Domain
	who      map[string]*authz.Principal
	rng      *rand.Rand
	year     int
	scale    Scale
	progress Progress
	victims  []registered
	// judicialized are the carpetas brought before a judge, in order.
	mu           sync.Mutex
	judicialized []judicialized
}

// registered is what later steps need of a registered víctima; a national
// run keeps a million of them.
type registered struct {
	ID         uuid.UUID
	Folio      string
	identified time.Time
}

// day is a day of the dataset's year, from 0.
func (d *dataset) day(n int) time.Time {
	return time.Date(d.year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
}

// within keeps a date in the Comisión's year of the dataset, which ends on
// 15 December: a later date would count in the next year's report.
func (d *dataset) within(on, fallback time.Time) time.Time {
	if on.After(time.Date(d.year, 12, 15, 0, 0, 0, 0, time.UTC)) {
		return fallback
	}
	return on
}

// inParallel runs fn over [0, total) in batches of size, spread over the
// scale's workers, and reports progress every twentieth of the way. Each
// worker has its own random source, so the same scale and year give the
// same records whatever the timing.
func (d *dataset) inParallel(ctx context.Context, stage string, total, size int, fn func(ctx context.Context, rng *rand.Rand, from, to int) error) error {
	workers := max(1, d.scale.Workers)
	var done atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	for w := range workers {
		rng := rand.New(rand.NewPCG(uint64(d.year), uint64(w)))
		if workers == 1 {
			rng = d.rng
		}
		g.Go(func() error {
			for from := w * size; from < total; from += workers * size {
				to := min(total, from+size)
				if err := fn(gctx, rng, from, to); err != nil {
					return err
				}
				n := int(done.Add(int64(to - from)))
				if step := max(1, total/20); n/step != (n-(to-from))/step || n == total {
					d.progress(stage, n, total)
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// victimBatch is how many víctimas register in one transaction.
const victimBatch = 200

func (d *dataset) registerVictims(ctx context.Context) error {
	d.victims = make([]registered, d.scale.Victims)
	err := d.inParallel(ctx, "víctimas", len(d.victims), victimBatch, func(ctx context.Context, rng *rand.Rand, from, to int) error {
		return d.registerBatch(ctx, rng, from, to)
	})
	if err != nil {
		return err
	}
	caseworker := d.who["demo.capturista"]
	// One expediente for the first four of every eight víctimas.
	return d.inParallel(ctx, "expedientes", len(d.victims)/8, 100, func(ctx context.Context, rng *rand.Rand, from, to int) error {
		for g := from; g < to; g++ {
			group := d.victims[8*g : 8*g+4]
			_, err := d.svc.Casos.Create(ctx, caseworker, casos.Input{Municipio: "23005", Modalidades: []string{modalidades.pick(rng)},
				VictimIDs: []uuid.UUID{group[0].ID, group[1].ID, group[2].ID, group[3].ID}})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func (d *dataset) carpetas(ctx context.Context) error {
	prosecutor := d.who["demo.fiscalia"]
	districts := []string{"CANCUN", "CANCUN", "SOLIDARIDAD"}
	if len(d.victims) == 0 {
		return nil
	}
	total := max(6, d.scale.Victims/7)
	return d.inParallel(ctx, "carpetas", total, 50, func(ctx context.Context, rng *rand.Rand, from, to int) error {
		for i := from; i < to; i++ {
			var refs []carpetas.VictimRef
			for j := range 1 + rng.IntN(3) {
				refs = append(refs, carpetas.VictimRef{Folio: d.victims[(i*6+j)%len(d.victims)].Folio})
			}
			started := d.day(10 + rng.IntN(200))
			c, err := d.svc.Carpetas.Create(ctx, prosecutor, carpetas.Input{Number: fmt.Sprintf("DEMO/FETP/%03d/%d", i+1, d.year),
				FiscaliaUnit: "Fiscalía Especializada en Trata de Personas (demo)", Municipio: "23005", StartedOn: started,
				Modalidad: modalidades.pick(rng), Victims: refs})
			if err != nil {
				return err
			}
			if i%3 == 2 {
				continue
			}
			district := districts[i%len(districts)]
			judicializedOn := started.AddDate(0, 0, 30+rng.IntN(90))
			if _, err := d.svc.Carpetas.Advance(ctx, prosecutor, c.ID, "judicializada", judicializedOn, &district); err != nil {
				return err
			}
			d.mu.Lock()
			d.judicialized = append(d.judicialized, judicialized{n: i, id: c.ID, on: judicializedOn, victim: d.victims[(i*6)%len(d.victims)].ID})
			d.mu.Unlock()
			age := int32(25 + rng.IntN(30))
			if _, err := d.svc.Carpetas.AddImputado(ctx, prosecutor, c.ID, carpetas.ImputadoInput{Sex: sexes.pick(rng), Age: &age}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (d *dataset) grupo(ctx context.Context) error {
	member := d.who["demo.grupo"]
	for m := range 3 {
		s, err := d.svc.Grupo.CreateSession(ctx, member, grupotrabajo.SessionInput{Municipio: "23005", HeldOn: time.Date(d.year, time.Month(3+4*m), 15, 0, 0, 0, 0, time.UTC),
			Kind: "ordinaria", Institutions: []string{"CEAVEQROO", "FGE", "IQM", "SSC"}})
		if err != nil {
			return err
		}
		if _, err := d.svc.Grupo.AddAcuerdo(ctx, member, s.ID, grupotrabajo.AcuerdoInput{Text: fmt.Sprintf("Informar avances de la atención (sesión %d)", m+1),
			Responsible: []string{"CEAVEQROO", "IQM", "FGE"}[m], DueOn: s.HeldOn.AddDate(0, 1, 0)}); err != nil {
			return err
		}
	}
	return nil
}

func (d *dataset) activities(ctx context.Context) error {
	return d.inParallel(ctx, "actividades", d.scale.Activities, 100, func(ctx context.Context, rng *rand.Rand, from, to int) error {
		for i := from; i < to; i++ {
			kind := activityMix.pick(rng)
			people := 20 + rng.IntN(200)
			women := int32(people / 2)
			men := int32(people) - women
			if kind[1] == "operativo" {
				people, women, men = 0, 0, 0
			}
			institution, who := "SSC", d.who["demo.enlace"]
			if i%3 == 0 {
				institution, who = []string{"IQM", "CEAVEQROO", "SEGOB"}[i%9/3], d.who["demo.secretaria"]
			}
			if _, err := d.svc.Actividades.Create(ctx, who, actividades.Input{Institution: institution, Tema: kind[0], Type: kind[1],
				Name: fmt.Sprintf("Actividad demostrativa %d", i+1), HeldOn: d.day(rng.IntN(348)), Municipios: []string{"23005"},
				Actions: 1 + rng.IntN(5), People: people, Women: &women, Men: &men}); err != nil {
				return err
			}
		}
		return nil
	})
}

// registerBatch registers víctimas from to to, with their services and,
// now and then, a canalización to IQM.
func (d *dataset) registerBatch(ctx context.Context, rng *rand.Rand, from, to int) error {
	caseworker := d.who["demo.capturista"]
	regs := make([]victims.Registration, 0, to-from)
	for i := from; i < to; i++ {
		identified := d.day(rng.IntN(300))
		nationality := nationalities.pick(rng)
		age := int32(14 + rng.IntN(32))
		minor := age < 18
		consents := []domain.Consent{{Kind: "tratamiento_datos", Granted: true, GivenOn: identified}}
		if rng.IntN(10) < 7 {
			consents = append(consents, domain.Consent{Kind: "compartir_instituciones", Granted: true, GivenOn: identified})
		}
		regs = append(regs, victims.Registration{Municipio: "23005",
			Attributes: victims.Attributes{Sex: sexes.pick(rng), Age: &age, Nationality: &nationality, MinorAtTime: &minor, IdentifiedOn: identified},
			Personal:   victims.Personal{GivenNames: fmt.Sprintf("Persona Demo %03d", i+1), FirstSurname: "Ficticia"},
			Consents:   consents})
	}
	done, err := d.svc.Victims.RegisterMany(ctx, caseworker, regs)
	if err != nil {
		return err
	}
	for k, v := range done {
		d.victims[from+k] = registered{ID: v.ID, Folio: v.Folio, identified: v.Attributes.IdentifiedOn}
	}
	var planned []services.Planned
	for _, v := range done {
		identified := v.Attributes.IdentifiedOn
		for range 1 + rng.IntN(d.scale.MaxServices) {
			kind := serviceMix.pick(rng)
			units := 1
			if kind == "alimentos" || kind == "alojamiento" {
				units = 2 + rng.IntN(6)
			}
			on := d.within(identified.AddDate(0, 0, rng.IntN(60)), identified)
			planned = append(planned, services.Planned{VictimID: v.ID, Input: services.Input{Type: kind, ProvidedOn: on, Quantity: units}})
		}
	}
	if _, err := d.svc.Services.RecordMany(ctx, caseworker, planned); err != nil {
		return err
	}
	for k, v := range done {
		if i := from + k; len(v.Consents) == 2 && i%5 == 0 {
			sent := d.within(v.Attributes.IdentifiedOn.AddDate(0, 0, 1+rng.IntN(20)), v.Attributes.IdentifiedOn)
			c, err := d.svc.Canalizaciones.Send(ctx, caseworker, canalizaciones.SendInput{VictimID: v.ID, To: "IQM",
				ServiceType: "atencion_psicologica", SentOn: sent})
			if err != nil {
				return err
			}
			if i%10 == 0 {
				accepted := d.within(sent.AddDate(0, 0, 1+rng.IntN(5)), sent)
				if _, err := d.svc.Canalizaciones.Move(ctx, d.who["demo.iqm"], c.ID, "aceptada", "", accepted); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
