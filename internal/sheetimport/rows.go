package sheetimport

import (
	"time"

	"sintra/internal/casos"
	"sintra/internal/domain"
	"sintra/internal/services"
	"sintra/internal/victims"
)

// catalogs are the catalogs a row may name an entry of, by code or name.
type catalogs struct {
	municipios, countries, languages, entidades, modalidades, recruitment, transport, places, serviceTypes catalog
}

// catalogNames are the catalogs' names in the catalog service, with where
// each goes in catalogs.
func (c *catalogs) byName() map[string]*catalog {
	return map[string]*catalog{"municipios": &c.municipios, "nacionalidades": &c.countries, "lenguas-indigenas": &c.languages,
		"entidades": &c.entidades, "modalidades": &c.modalidades, "formas-enganche": &c.recruitment,
		"medios-transporte": &c.transport, "tipos-lugar": &c.places, "tipos-servicio": &c.serviceTypes}
}

// Other ways of writing the values of a víctima's attributes, by key.
var (
	sexAliases         = map[string]string{"FEMENINO": "mujer", "MASCULINO": "hombre"}
	estadoCivilAliases = map[string]string{"SOLTERO": "soltera", "CASADO": "casada", "SEPARADO": "separada", "DIVORCIADO": "divorciada", "VIUDO": "viuda"}
	migratoriaAliases  = map[string]string{"SOLICITANTEDEREFUGIO": "solicitante_refugio", "REFUGIADO": "refugiada"}
	victimFieldColumns = map[string]string{"municipio": "municipio", "personal.given_names": "nombres", "personal.first_surname": "primer_apellido",
		"personal.second_surname": "segundo_apellido", "personal.alias": "alias", "personal.curp": "curp", "personal.birth_date": "fecha_nacimiento",
		"personal.address": "domicilio", "personal.phone": "telefono", "personal.contacts": "contactos", "personal.notes": "notas",
		"attributes.sex": "sexo", "attributes.age": "edad", "attributes.identified_on": "fecha_identificacion",
		"attributes.nationality": "nacionalidad", "attributes.indigenous_language": "lengua_indigena",
		"attributes.estado_civil": "estado_civil", "attributes.calidad_migratoria": "calidad_migratoria"}
	casoFieldColumns = map[string]string{"municipio": "municipio_caso", "occurred_on": "fecha_hechos", "reported_on": "fecha_denuncia",
		"origin": "entidad_origen", "destination": "entidad_destino", "recruitment_form": "forma_enganche", "transport_mean": "medio_transporte",
		"place_type": "tipo_lugar", "origin.country": "pais_origen", "origin.entidad": "entidad_origen", "origin.municipio": "municipio_origen",
		"destination.country": "pais_destino", "destination.entidad": "entidad_destino", "destination.municipio": "municipio_destino",
		"modalidades": "modalidades"}
	serviceFieldColumns = map[string]string{"type": "tipo_servicio", "provided_on": "fecha_servicio", "quantity": "cantidad", "notes": "notas_servicio"}
)

// fieldColumns name, for the fields a domain check names, the column of a
// sheet that holds each, and the key column that stands for the row.
type fieldColumns struct {
	byField map[string]string
	key     string
}

var (
	victimFields  = fieldColumns{victimFieldColumns, "clave_victima"}
	casoFields    = fieldColumns{casoFieldColumns, "clave_caso"}
	serviceFields = fieldColumns{serviceFieldColumns, "clave_victima"}
)

// victimRow is a víctima to register, from the Víctimas sheet.
type victimRow struct {
	at      record
	key     string
	casoKey string
	reg     victims.Registration
	// identified is her identification date as the row gives it; zero when
	// it gives none that reads.
	identified time.Time
}

// casoRow is a caso to open, from the Casos sheet.
type casoRow struct {
	at  record
	key string
	in  casos.Input
}

// serviceRow is a service to record, from the Servicios sheet.
type serviceRow struct {
	at        record
	victimKey string
	in        services.Input
}

// victimOf reads a víctima's row.
func victimOf(c *cells, cat catalogs) victimRow {
	v := victimRow{at: c.rec, key: c.text("clave_victima"), casoKey: c.text("clave_caso")}
	r := &v.reg
	if m := c.code("municipio", cat.municipios); m != nil {
		r.Municipio = *m
	}
	if d := c.date("fecha_identificacion"); d != nil {
		r.Attributes.IdentifiedOn, v.identified = *d, *d
	}
	r.Personal = victims.Personal{GivenNames: c.text("nombres"), FirstSurname: c.text("primer_apellido"),
		SecondSurname: c.text("segundo_apellido"), Alias: c.text("alias"), CURP: c.text("curp"), Address: c.text("domicilio"),
		Phone: c.text("telefono"), Contacts: c.text("contactos"), Notes: c.text("notas")}
	if d := c.date("fecha_nacimiento"); d != nil {
		r.Personal.BirthDate = d.Format(time.DateOnly)
	}
	a := &r.Attributes
	a.Sex = c.choice("sexo", victims.Sexes, sexAliases, "Escriba mujer, hombre, otro o no especificado.")
	a.Age = c.integer("edad")
	a.Nationality = c.code("nacionalidad", cat.countries)
	a.EstadoCivil = c.choice("estado_civil", victims.EstadosCiviles, estadoCivilAliases, "El estado civil no está entre las opciones de la plantilla.")
	a.CalidadMigratoria = c.choice("calidad_migratoria", victims.CalidadesMigratorias, migratoriaAliases,
		"La calidad migratoria no está entre las opciones de la plantilla.")
	a.IndigenousLanguage = c.code("lengua_indigena", cat.languages)
	a.Disability, a.MinorAtTime, a.DenunciaFiled = c.yesNo("discapacidad"), c.yesNo("menor_de_edad"), c.yesNo("denuncia")
	if confirm := c.yesNo("confirmar_duplicado"); confirm != nil {
		r.ConfirmDuplicate = *confirm
	}
	return v
}

// casoOf reads a caso's row.
func casoOf(c *cells, cat catalogs) casoRow {
	k := casoRow{at: c.rec, key: c.text("clave_caso")}
	if m := c.code("municipio_caso", cat.municipios); m != nil {
		k.in.Municipio = *m
	}
	f := &k.in.Facts
	f.OccurredOn, f.ReportedOn = c.date("fecha_hechos"), c.date("fecha_denuncia")
	k.in.Modalidades = c.codes("modalidades", cat.modalidades)
	f.RecruitmentForm, f.TransportMean, f.PlaceType = c.code("forma_enganche", cat.recruitment),
		c.code("medio_transporte", cat.transport), c.code("tipo_lugar", cat.places)
	f.Origin = placeOf(c, cat, "origen")
	f.Destination = placeOf(c, cat, "destino")
	return k
}

func placeOf(c *cells, cat catalogs, which string) domain.Place {
	return domain.Place{Country: c.code("pais_"+which, cat.countries), Entidad: c.code("entidad_"+which, cat.entidades),
		Municipio: c.code("municipio_"+which, cat.municipios)}
}

// serviceOf reads a service's row.
func serviceOf(c *cells, cat catalogs) serviceRow {
	s := serviceRow{at: c.rec, victimKey: c.text("clave_victima")}
	if t := c.code("tipo_servicio", cat.serviceTypes); t != nil {
		s.in.Type = *t
	}
	if d := c.date("fecha_servicio"); d != nil {
		s.in.ProvidedOn = *d
	}
	if n := c.integer("cantidad"); n != nil {
		s.in.Quantity = int(*n)
	}
	s.in.Notes = c.text("notas_servicio")
	return s
}
