package httpapi

import (
	"fmt"
	"sintra/internal/domain"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/apperr"
	"sintra/internal/victims"
)

func attributesIn(a api.VictimAttributes) victims.Attributes {
	out := victims.Attributes{Sex: string(a.Sex), Nationality: a.Nationality, IndigenousLanguage: a.IndigenousLanguage,
		Disability: a.Disability, MinorAtTime: a.MinorAtTime, DenunciaFiled: a.DenunciaFiled}
	if a.IdentifiedOn != nil {
		out.IdentifiedOn = a.IdentifiedOn.Time
	}
	if a.Age != nil {
		age := int32(*a.Age)
		out.Age = &age
	}
	if a.EstadoCivil != nil {
		out.EstadoCivil = string(*a.EstadoCivil)
	}
	if a.CalidadMigratoria != nil {
		out.CalidadMigratoria = string(*a.CalidadMigratoria)
	}
	return out
}

func attributesOut(a victims.Attributes) api.VictimAttributes {
	out := api.VictimAttributes{Sex: api.Sex(a.Sex), Nationality: a.Nationality, IndigenousLanguage: a.IndigenousLanguage,
		Disability: a.Disability, MinorAtTime: a.MinorAtTime, DenunciaFiled: a.DenunciaFiled,
		IdentifiedOn: &openapi_types.Date{Time: a.IdentifiedOn}}
	if a.Age != nil {
		age := int(*a.Age)
		out.Age = &age
	}
	ec, cm := api.VictimAttributesEstadoCivil(a.EstadoCivil), api.VictimAttributesCalidadMigratoria(a.CalidadMigratoria)
	out.EstadoCivil, out.CalidadMigratoria = &ec, &cm
	return out
}

func personalIn(p api.VictimPersonal) victims.Personal {
	return victims.Personal{GivenNames: deref(p.GivenNames), FirstSurname: deref(p.FirstSurname),
		SecondSurname: deref(p.SecondSurname), Alias: deref(p.Alias), CURP: deref(p.Curp), BirthDate: deref(p.BirthDate),
		Address: deref(p.Address), Phone: deref(p.Phone), Contacts: deref(p.Contacts), Notes: deref(p.Notes)}
}

func personalOut(p victims.Personal) *api.VictimPersonal {
	return &api.VictimPersonal{GivenNames: &p.GivenNames, FirstSurname: &p.FirstSurname, SecondSurname: &p.SecondSurname,
		Alias: &p.Alias, Curp: &p.CURP, BirthDate: &p.BirthDate, Address: &p.Address, Phone: &p.Phone,
		Contacts: &p.Contacts, Notes: &p.Notes}
}

func consentIn(c api.Consent) domain.Consent {
	return domain.Consent{Kind: string(c.Kind), Granted: c.Granted, GivenOn: c.GivenOn.Time}
}

func victimDTO(v victims.Victim) api.Victim {
	out := api.Victim{Id: v.ID, Folio: v.Folio, Institution: v.Institution, Municipio: v.Municipio, Version: v.Version,
		CreatedAt: v.CreatedAt.UTC(), Erased: v.Erased, Attributes: attributesOut(v.Attributes),
		Consents: make([]api.ConsentRecord, len(v.Consents)), Casos: make([]api.CasoRef, len(v.Casos))}
	if !v.Erased {
		out.Personal = personalOut(v.Personal)
	}
	for i, c := range v.Consents {
		out.Consents[i] = api.ConsentRecord{Kind: c.Kind, Granted: c.Granted, GivenOn: openapi_types.Date{Time: c.GivenOn},
			RecordedAt: c.RecordedAt.UTC()}
	}
	for i, c := range v.Casos {
		out.Casos[i] = api.CasoRef{Id: c.ID, Folio: c.Folio, Status: api.CasoStatus(c.Status)}
	}
	return out
}

func minimalDTO(m victims.Minimal) *api.VictimMinimal {
	return &api.VictimMinimal{Id: m.ID, Folio: m.Folio, Initials: m.Initials, Sex: api.Sex(m.Sex), AgeGroup: m.AgeGroup,
		Nationality: m.Nationality, Modalidades: nonNil(m.Modalidades), Status: m.Status}
}

func victimSummaryDTO(v victims.Summary) api.VictimSummary {
	out := api.VictimSummary{Id: v.ID, Folio: v.Folio, Institution: v.Institution, Municipio: v.Municipio, Sex: api.Sex(v.Sex),
		AgeGroup: v.AgeGroup, Nationality: v.Nationality, MinorAtTime: v.MinorAtTime, DenunciaFiled: v.DenunciaFiled,
		Erased: v.Erased, IdentifiedOn: dateOut(v.IdentifiedOn)}
	if v.Age != nil {
		age := int(*v.Age)
		out.Age = &age
	}
	if v.Name != "" {
		out.Name = &v.Name
	}
	return out
}

func victimSummaries(items []victims.Summary) []api.VictimSummary {
	out := make([]api.VictimSummary, len(items))
	for i, v := range items {
		out[i] = victimSummaryDTO(v)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func dateOrNil(d *openapi_types.Date) *time.Time {
	if d == nil {
		return nil
	}
	return &d.Time
}

// dateOrZero is an optional date of a request; zero means the service's default.
func dateOrZero(d *openapi_types.Date) time.Time {
	if d == nil {
		return time.Time{}
	}
	return d.Time
}

// setETag sets the strong ETag of a record version.
func setETag(c echo.Context, version int) {
	c.Response().Header().Set("ETag", fmt.Sprintf(`"v%d"`, version))
}

// ifMatch reads the version an If-Match header names.
func ifMatch(header string) (int, error) {
	v := strings.TrimPrefix(strings.Trim(strings.TrimPrefix(header, "W/"), `"`), "v")
	n, err := strconv.Atoi(v)
	if header == "" || err != nil || n < 1 {
		return 0, apperr.New(apperr.PreconditionNeeded, "Envíe en If-Match la ETag de la copia que está modificando.")
	}
	return n, nil
}
