package htcds

import (
	"slices"
	"strconv"

	"sintra/internal/domain"
)

// Row is one víctima's exported values, by column. Being an array, two
// rows compare equal when every value does, and a row can key a map.
type Row [numColumns]string

// The columns, in the order the export writes them.
const (
	colYear = iota
	colDatasource
	colGender
	colAgeBroad
	colMajorityStatus
	colMajorityAtExploit
	colCitizenship
	colCountryOfExploitation
	colForcedLabour
	colSexualExploit
	colOtherExploit
	colSexAndLabour
	colForcedMarriage
	colOrganRemoval
	colSlavery
	colDebtBondage
	colThreats
	colPhysicalAbuse
	colFalsePromises
	colPsychoactiveSubstances
	colRestrictsMovement
	colThreatOfLawEnforcement
	colMeansOther
	colAbduction
	colRecruiterIntimatePartner
	colRecruiterFamily
	numColumns
)

// Columns are the exported variables, named as the CTDC's codebook spells
// them (capitals included: Datasource, CountryOfExploitation).
var Columns = [numColumns]string{
	"yearOfRegistration", "Datasource", "gender", "ageBroad", "majorityStatus", "majorityStatusAtExploit", "citizenship",
	"CountryOfExploitation",
	"isForcedLabour", "isSexualExploit", "isOtherExploit", "isSexAndLabour", "isForcedMarriage", "isOrganRemoval",
	"isSlaveryAndPractices",
	"meansOfControlDebtBondage", "meansOfControlThreats", "meansOfControlPhysicalAbuse", "meansOfControlFalsePromises",
	"meansOfControlPsychoactiveSubstances", "meansOfControlRestrictsMovement", "meansOfControlThreatOfLawEnforcement",
	"meansOfControlOther",
	"isAbduction", "recruiterRelationIntimatePartner", "recruiterRelationFamily",
}

// Unknown is the codebook's value of a variable not recorded, and of one
// the anonymization suppressed.
const Unknown = "-99"

// Fixed values: every row is a víctima registered in a case management
// system and exploited, or found, in Mexico.
const (
	datasource = "Case Management"
	country    = "MX"
)

// The blocks of columns the anonymization generalizes together.
var (
	exploitColumns    = []int{colForcedLabour, colSexualExploit, colOtherExploit, colSexAndLabour, colForcedMarriage, colOrganRemoval, colSlavery}
	meansColumns      = []int{colDebtBondage, colThreats, colPhysicalAbuse, colFalsePromises, colPsychoactiveSubstances, colRestrictsMovement, colThreatOfLawEnforcement, colMeansOther}
	recruitingColumns = []int{colAbduction, colRecruiterIntimatePartner, colRecruiterFamily}
)

// genders maps the catalog's sexes to the codebook's genders; an
// unspecified sex is Unknown. "otro" takes HTCDS's value for a person
// neither female nor male.
var genders = map[string]string{"mujer": "Female", "hombre": "Male", "otro": "Transgender/NonConforming"}

// modalidadFlags maps each modalidad (law Art. 6) to the type-of-
// exploitation flags it sets; sin_definir sets none.
var modalidadFlags = map[string][]int{
	"explotacion_sexual":             {colSexualExploit},
	"trabajos_forzados":              {colForcedLabour},
	"mendicidad_forzosa":             {colForcedLabour},
	"trabajo_infantil":               {colForcedLabour},
	"menores_actividades_delictivas": {colForcedLabour},
	"matrimonio_forzado":             {colForcedMarriage},
	"esclavitud":                     {colSlavery},
	"servidumbre":                    {colSlavery},
	"extraccion_organos":             {colOrganRemoval},
}

// medioFlags maps each medio comisivo of a carpeta to the means of control
// it records; sin_dato records none.
var medioFlags = map[string]int{
	"engano":                      colFalsePromises,
	"violencia_fisica":            colPhysicalAbuse,
	"uso_fuerza":                  colPhysicalAbuse,
	"violencia_moral":             colThreats,
	"dano_grave":                  colThreats,
	"amenaza_denuncia_migratoria": colThreatOfLawEnforcement,
	"privacion_libertad":          colRestrictsMovement,
	"sustancias":                  colPsychoactiveSubstances,
	"abuso_poder":                 colMeansOther,
	"vulnerabilidad":              colMeansOther,
	"seduccion":                   colMeansOther,
	"pago_beneficios":             colMeansOther,
	"otro":                        colMeansOther,
}

// recruitmentMeans maps the formas de enganche that are a means of
// control to it; recruitmentFlags those that say how she was recruited.
var (
	recruitmentMeans = map[string]int{"deuda": colDebtBondage, "coaccion": colThreats, "oferta_laboral": colFalsePromises}
	recruitmentFlags = map[string]int{"privacion_libertad": colAbduction, "relacion_afectiva": colRecruiterIntimatePartner,
		"familiar": colRecruiterFamily}
)

// ageBands are the CTDC's bands of age at registration, by their lowest age.
var ageBands = []struct {
	from  int
	label string
}{{0, "0--8"}, {9, "9--17"}, {18, "18--20"}, {21, "21--23"}, {24, "24--26"}, {27, "27--29"}, {30, "30--38"}, {39, "39--47"}, {48, "48+"}}

// ageBroad is the CTDC's band of an age, or Unknown.
func ageBroad(age *int32) string {
	if age == nil {
		return Unknown
	}
	label := Unknown
	for _, b := range ageBands {
		if int(*age) >= b.from {
			label = b.label
		}
	}
	return label
}

// majority is Minor under 18, else Adult; Unknown without an age.
func majority(age *int32) string {
	switch {
	case age == nil:
		return Unknown
	case *age < 18:
		return "Minor"
	}
	return "Adult"
}

// minorAt names whether she was a minor when exploited.
func minorAt(minor *bool) string {
	switch {
	case minor == nil:
		return Unknown
	case *minor:
		return "Minor"
	}
	return "Adult"
}

// Derive returns the row of a víctima of year, before anonymization.
func Derive(v domain.MicrodataVictim, year int) Row {
	var r Row
	r[colYear] = strconv.Itoa(year)
	r[colDatasource], r[colCountryOfExploitation] = datasource, country
	r[colGender] = Unknown
	if g, ok := genders[v.Sex]; ok {
		r[colGender] = g
	}
	r[colAgeBroad], r[colMajorityStatus] = ageBroad(v.Age), majority(v.Age)
	r[colMajorityAtExploit] = minorAt(v.MinorAtTime)
	r[colCitizenship] = Unknown
	if v.Nationality != "" {
		r[colCitizenship] = v.Nationality
	}
	var exploit, means, recruiting []int
	for _, m := range v.Modalidades {
		exploit = append(exploit, modalidadFlags[m]...)
	}
	for _, m := range v.MediosComisivos {
		if c, ok := medioFlags[m]; ok {
			means = append(means, c)
		}
	}
	for _, f := range v.RecruitmentForms {
		if c, ok := recruitmentMeans[f]; ok {
			means = append(means, c)
		}
		if c, ok := recruitmentFlags[f]; ok {
			recruiting = append(recruiting, c)
		}
	}
	flags(&r, exploitColumns, exploit, informative(v.Modalidades, "sin_definir"))
	if r[colSexualExploit] == "1" && r[colForcedLabour] == "1" {
		r[colSexAndLabour] = "1"
	}
	flags(&r, meansColumns, means, len(means) > 0 || informative(v.MediosComisivos, "sin_dato"))
	flags(&r, recruitingColumns, recruiting, informative(v.RecruitmentForms, "sin_dato"))
	return r
}

// informative is whether codes hold any code but none.
func informative(codes []string, none string) bool {
	return slices.ContainsFunc(codes, func(c string) bool { return c != none })
}

// flags writes a block of yes/no columns: 1 for those set, 0 for the
// others when the records say anything of the block (0 is "not recorded
// as such", as in the codebook), Unknown for all when they say nothing.
func flags(r *Row, block, set []int, known bool) {
	for _, c := range block {
		switch {
		case !known:
			r[c] = Unknown
		case slices.Contains(set, c):
			r[c] = "1"
		default:
			r[c] = "0"
		}
	}
}
