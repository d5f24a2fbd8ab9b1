package victims

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"sintra/internal/apperr"
	"sintra/internal/clock"
)

// The values of a víctima's attributes that take a few words.
var (
	Sexes                = []string{"mujer", "hombre", "otro", "no_especificado"}
	EstadosCiviles       = []string{"soltera", "casada", "union_libre", "separada", "divorciada", "viuda", "no_especificado"}
	CalidadesMigratorias = []string{"nacional", "regular", "irregular", "solicitante_refugio", "refugiada", "no_especificado"}
)

var phonePattern = regexp.MustCompile(`^[0-9+() -]{7,30}$`)

// maxLen bounds each personal field, in characters.
var maxLen = map[string]int{
	"given_names": 100, "first_surname": 100, "second_surname": 100, "alias": 100, "curp": 18,
	"birth_date": 10, "address": 300, "phone": 30, "contacts": 500, "notes": 4000,
}

// validator collects every problem of a record before reporting them.
type validator struct {
	fields []apperr.FieldError
}

func (v *validator) add(field, message string) {
	v.fields = append(v.fields, apperr.FieldError{Field: field, Message: message})
}

func (v *validator) err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return apperr.Validation(v.fields...)
}

// normalize tidies a record in place and checks it against the rules and
// the catalogs. Error messages never repeat a value.
func (s *Service) normalize(ctx context.Context, a *Attributes, p *Personal) error {
	v := &validator{}
	today := s.clock.Today()
	for col, value := range p.fields() {
		*value = strings.TrimSpace(*value)
		if utf8.RuneCountInString(*value) > maxLen[col] {
			v.add("personal."+col, "El texto es demasiado largo.")
		}
	}
	if p.GivenNames == "" && p.Alias == "" {
		v.add("personal.given_names", "Escriba el nombre o, si no se conoce, un alias.")
	}
	if p.CURP != "" {
		p.CURP = NormalizeCURP(p.CURP)
		if !ValidCURP(p.CURP) {
			v.add("personal.curp", "La CURP no es válida (revise el formato y el dígito verificador). Déjela vacía si no se conoce.")
		}
	}
	if p.BirthDate != "" {
		if d, err := time.Parse(time.DateOnly, p.BirthDate); err != nil {
			v.add("personal.birth_date", "La fecha de nacimiento debe tener el formato AAAA-MM-DD.")
		} else if s.clock.IsFuture(d) {
			v.add("personal.birth_date", "La fecha de nacimiento no puede ser futura.")
		}
	}
	if p.Phone != "" && !phonePattern.MatchString(p.Phone) {
		v.add("personal.phone", "El teléfono solo puede tener dígitos, espacios, +, guiones y paréntesis.")
	}
	s.checkAttributes(ctx, v, a, today)
	return v.err()
}

func (s *Service) checkAttributes(ctx context.Context, v *validator, a *Attributes, today time.Time) {
	if !slices.Contains(Sexes, a.Sex) {
		v.add("attributes.sex", "Elija mujer, hombre, otro o no especificado.")
	}
	if a.EstadoCivil == "" {
		a.EstadoCivil = "no_especificado"
	}
	if !slices.Contains(EstadosCiviles, a.EstadoCivil) {
		v.add("attributes.estado_civil", "El estado civil no está entre las opciones.")
	}
	if a.CalidadMigratoria == "" {
		a.CalidadMigratoria = "no_especificado"
	}
	if !slices.Contains(CalidadesMigratorias, a.CalidadMigratoria) {
		v.add("attributes.calidad_migratoria", "La calidad migratoria no está entre las opciones.")
	}
	if a.Age != nil && (*a.Age < 0 || *a.Age > 120) {
		v.add("attributes.age", "La edad debe estar entre 0 y 120 años.")
	}
	if a.IdentifiedOn.IsZero() {
		a.IdentifiedOn = today
	} else if s.clock.IsFuture(a.IdentifiedOn) {
		v.add("attributes.identified_on", "La fecha de identificación no puede ser futura.")
	}
	a.IdentifiedOn = clock.Date(a.IdentifiedOn)
	s.checkCatalog(ctx, v, "nacionalidades", a.Nationality, "attributes.nationality", "La nacionalidad no está en el catálogo.")
	s.checkCatalog(ctx, v, "lenguas-indigenas", a.IndigenousLanguage, "attributes.indigenous_language", "La lengua indígena no está en el catálogo.")
}

func (s *Service) checkCatalog(ctx context.Context, v *validator, catalog string, code *string, field, message string) {
	if code == nil {
		return
	}
	if ok, err := s.store.CatalogHas(ctx, catalog, *code); err != nil || !ok {
		v.add(field, message)
	}
}

// indexes computes the blind indexes of a record's personal data.
func (s *Service) indexes(p Personal) (curp, nameDOB []byte) {
	if p.CURP != "" {
		curp = s.keys.BlindIndex("curp", p.CURP)
	}
	if p.BirthDate != "" && p.GivenNames != "" {
		nameDOB = s.keys.BlindIndex("nombre-fecha", p.GivenNames, p.FirstSurname, p.SecondSurname, p.BirthDate)
	}
	return curp, nameDOB
}
