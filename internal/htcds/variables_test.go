package htcds

import (
	"testing"

	"sintra/internal/domain"
)

func age(n int32) *int32 { return &n }
func yes(b bool) *bool   { return &b }

// value returns a row's value of a column named as the codebook names it.
func value(t *testing.T, r Row, name string) string {
	t.Helper()
	for i, c := range Columns {
		if c == name {
			return r[i]
		}
	}
	t.Fatalf("no column %s", name)
	return ""
}

func TestDerive_MapsTheCatalogsToTheCodebooksValues(t *testing.T) {
	t.Parallel()
	r := Derive(domain.MicrodataVictim{Sex: "mujer", Age: age(19), Nationality: "CO", MinorAtTime: yes(true),
		Modalidades:      []string{"explotacion_sexual", "mendicidad_forzosa"},
		RecruitmentForms: []string{"relacion_afectiva", "deuda"},
		MediosComisivos:  []string{"engano", "sustancias", "vulnerabilidad"}}, 2024)
	want := map[string]string{
		"yearOfRegistration": "2024", "Datasource": "Case Management", "gender": "Female", "ageBroad": "18--20",
		"majorityStatus": "Adult", "majorityStatusAtExploit": "Minor", "citizenship": "CO", "CountryOfExploitation": "MX",
		"isSexualExploit": "1", "isForcedLabour": "1", "isSexAndLabour": "1", "isForcedMarriage": "0", "isOrganRemoval": "0",
		"isSlaveryAndPractices": "0", "isOtherExploit": "0",
		"meansOfControlFalsePromises": "1", "meansOfControlPsychoactiveSubstances": "1", "meansOfControlOther": "1",
		"meansOfControlDebtBondage": "1", "meansOfControlThreats": "0", "meansOfControlPhysicalAbuse": "0",
		"isAbduction": "0", "recruiterRelationIntimatePartner": "1", "recruiterRelationFamily": "0",
	}
	for name, v := range want {
		if got := value(t, r, name); got != v {
			t.Errorf("%s = %q, want %q", name, got, v)
		}
	}
}

func TestDerive_WhatWasNotRecordedIsUnknown(t *testing.T) {
	t.Parallel()
	r := Derive(domain.MicrodataVictim{Sex: "no_especificado", Modalidades: []string{"sin_definir"},
		MediosComisivos: []string{"sin_dato"}, RecruitmentForms: []string{"sin_dato"}}, 2024)
	for i, c := range Columns {
		switch c {
		case "yearOfRegistration", "Datasource", "CountryOfExploitation":
			continue
		}
		if r[i] != Unknown {
			t.Errorf("%s = %q for a víctima of whom nothing was recorded, want %s", c, r[i], Unknown)
		}
	}
	// A forma de enganche that is a means of control makes the block known.
	r = Derive(domain.MicrodataVictim{Sex: "hombre", RecruitmentForms: []string{"coaccion"}}, 2024)
	if value(t, r, "meansOfControlThreats") != "1" || value(t, r, "meansOfControlPhysicalAbuse") != "0" || value(t, r, "isAbduction") != "0" {
		t.Errorf("coacción: %v", r)
	}
}

func TestAgeBroad_FollowsTheCTDCBands(t *testing.T) {
	t.Parallel()
	for n, want := range map[int32]string{0: "0--8", 8: "0--8", 9: "9--17", 17: "9--17", 18: "18--20", 20: "18--20", 21: "21--23",
		26: "24--26", 27: "27--29", 29: "27--29", 30: "30--38", 38: "30--38", 39: "39--47", 47: "39--47", 48: "48+", 90: "48+"} {
		if got := ageBroad(age(n)); got != want {
			t.Errorf("age %d: %s, want %s", n, got, want)
		}
		if got, minor := majority(age(n)), n < 18; (got == "Minor") != minor {
			t.Errorf("age %d: majority %s", n, got)
		}
	}
	if ageBroad(nil) != Unknown || majority(nil) != Unknown {
		t.Error("no age is not unknown")
	}
}

func TestCoarserCitizenship_ClimbsTheM49RegionsToUnknown(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ from, want string }{
		{"GT", "013"}, {"MX", "013"}, {"013", "019"}, {"019", Unknown}, {"NP", "034"}, {"034", "142"}, {"VE", "005"},
		{"ES", "039"}, {"CX", "009"}, {Unknown, Unknown},
	} {
		if got := coarserCitizenship(c.from); got != c.want {
			t.Errorf("%s: %s, want %s", c.from, got, c.want)
		}
	}
	if regionOf("CO") != "019" || regionOf("142") != "142" {
		t.Errorf("regions: CO %s, 142 %s", regionOf("CO"), regionOf("142"))
	}
}
