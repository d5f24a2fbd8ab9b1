package domain

// MicrodataVictim is what the anonymized microdata export knows of one
// víctima: her statistical attributes and the codes her expedientes and
// carpetas record of her exploitation. It holds no personal data, no folio,
// no id and no date, so nothing that identifies her can leave through it.
type MicrodataVictim struct {
	// Sex is a code of the víctima's sex; Age her age when identified.
	Sex string
	Age *int32
	// Nationality is an ISO 3166-1 alpha-2 code, empty when not recorded.
	Nationality string
	// MinorAtTime is whether she was a minor when the events happened.
	MinorAtTime *bool
	// Modalidades are those of her casos; RecruitmentForms their formas
	// de enganche; MediosComisivos those of her carpetas.
	Modalidades, RecruitmentForms, MediosComisivos []string
}
