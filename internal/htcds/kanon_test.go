package htcds

import (
	"math/rand/v2"
	"slices"
	"testing"

	"sintra/internal/domain"
)

// groupsOf counts the rows by their every value, independently of the
// package's own Check.
func groupsOf(rows []Row) map[Row]int {
	out := map[Row]int{}
	for _, r := range rows {
		out[r]++
	}
	return out
}

func assertKAnonymous(t *testing.T, rows []Row, k int) {
	t.Helper()
	for r, n := range groupsOf(rows) {
		if n < k {
			t.Errorf("a group of %d < %d: %v", n, k, r)
		}
	}
}

func victim(sex string, years int32, nationality string, modalidades ...string) domain.MicrodataVictim {
	return domain.MicrodataVictim{Sex: sex, Age: age(years), Nationality: nationality, MinorAtTime: yes(years < 18), Modalidades: modalidades}
}

func rowsOf(victims ...domain.MicrodataVictim) []Row {
	out := make([]Row, len(victims))
	for i, v := range victims {
		out[i] = Derive(v, 2024)
	}
	return out
}

func repeat(n int, v domain.MicrodataVictim) []domain.MicrodataVictim {
	out := make([]domain.MicrodataVictim, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func TestAnonymize_OneVictimOfARareNationalityIsNotRecognisable(t *testing.T) {
	t.Parallel()
	many := repeat(30, victim("mujer", 22, "MX", "explotacion_sexual"))
	rows := rowsOf(append(many, victim("mujer", 22, "NP", "explotacion_sexual"))...)
	res := Anonymize(rows, 10)
	assertKAnonymous(t, res.Rows, 10)
	for _, r := range res.Rows {
		if slices.Contains([]string{"NP", "034", "142"}, r[colCitizenship]) {
			t.Errorf("the Nepali víctima shows: %v", r)
		}
	}
	if res.Dropped+len(res.Rows) != 31 || res.Recoded != 1 {
		t.Errorf("dropped %d, rows %d, recoded %d", res.Dropped, len(res.Rows), res.Recoded)
	}
}

func TestAnonymize_FewerThanKVictimsExportNothing(t *testing.T) {
	t.Parallel()
	res := Anonymize(rowsOf(repeat(9, victim("mujer", 22, "MX"))...), 10)
	if len(res.Rows) != 0 || res.Dropped != 9 {
		t.Errorf("9 identical víctimas with k 10: %d rows, %d dropped", len(res.Rows), res.Dropped)
	}
}

func TestAnonymize_GeneralizesBeforeLeavingOut(t *testing.T) {
	t.Parallel()
	// Ten Colombian women of ten different ages from 18 to 29: alone in
	// their CTDC bands, together in 18--29.
	var vs []domain.MicrodataVictim
	for i := range 10 {
		vs = append(vs, victim("mujer", int32(18+i), "CO", "explotacion_sexual"))
	}
	res := Anonymize(rowsOf(vs...), 10)
	if res.Dropped != 0 || res.Released[3] != 10 {
		t.Fatalf("released by step %v, dropped %d; want all 10 once the ages are widened", res.Released, res.Dropped)
	}
	for _, r := range res.Rows {
		if r[colAgeBroad] != "18--29" || r[colCitizenship] != "CO" || r[colSexualExploit] != "1" {
			t.Errorf("widened more than needed: %v", r)
		}
	}
}

func TestAnonymize_ARowJoinsAGroupAlreadyReleased(t *testing.T) {
	t.Parallel()
	vs := repeat(10, victim("mujer", 25, "MX", "explotacion_sexual"))
	lone := victim("mujer", 25, "MX", "explotacion_sexual")
	lone.RecruitmentForms = []string{"oferta_laboral"}
	lone.MediosComisivos = []string{"engano"}
	res := Anonymize(rowsOf(append(vs, lone)...), 10)
	if res.Dropped != 0 || len(res.Rows) != 11 || res.Released[0] != 10 || res.Released[2] != 1 {
		t.Errorf("released by step %v, dropped %d: the one recruited by a false job offer should join the others once the means are left out",
			res.Released, res.Dropped)
	}
	assertKAnonymous(t, res.Rows, 10)
}

// TestAnonymize_RandomDatasetsAreKAnonymous runs the anonymization over
// many small and skewed datasets, where most rows are rare.
func TestAnonymize_RandomDatasetsAreKAnonymous(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	sexes := []string{"mujer", "mujer", "mujer", "hombre", "otro", "no_especificado"}
	countries := []string{"MX", "MX", "MX", "CO", "VE", "GT", "HN", "NP", "UA", "NG", "CX", ""}
	mods := []string{"explotacion_sexual", "trabajos_forzados", "matrimonio_forzado", "extraccion_organos", "sin_definir"}
	medios := []string{"engano", "violencia_fisica", "sustancias", "sin_dato", "amenaza_denuncia_migratoria"}
	forms := []string{"oferta_laboral", "relacion_afectiva", "familiar", "privacion_libertad", "sin_dato"}
	for trial := range 200 {
		n, k := 1+rng.IntN(400), 2+rng.IntN(15)
		rows := make([]Row, n)
		for i := range rows {
			v := victim(sexes[rng.IntN(len(sexes))], int32(rng.IntN(70)), countries[rng.IntN(len(countries))])
			if rng.IntN(2) == 0 {
				v.Modalidades = []string{mods[rng.IntN(len(mods))]}
				v.MediosComisivos = []string{medios[rng.IntN(len(medios))]}
				v.RecruitmentForms = []string{forms[rng.IntN(len(forms))]}
			}
			if rng.IntN(10) == 0 {
				v.Age, v.MinorAtTime = nil, nil
			}
			rows[i] = Derive(v, 2024)
		}
		res := Anonymize(rows, k)
		assertKAnonymous(t, res.Rows, k)
		if err := Check(res.Rows, k); err != nil {
			t.Errorf("trial %d: %v", trial, err)
		}
		released := 0
		for _, r := range res.Released {
			released += r
		}
		if len(res.Rows)+res.Dropped != n || released != len(res.Rows) {
			t.Fatalf("trial %d: %d rows and %d dropped of %d; released %v", trial, len(res.Rows), res.Dropped, n, res.Released)
		}
		if !slices.IsSortedFunc(res.Rows, compareRows) {
			t.Fatalf("trial %d: rows not sorted", trial)
		}
	}
}

func TestCheck_RefusesAGroupSmallerThanK(t *testing.T) {
	t.Parallel()
	rows := rowsOf(append(repeat(10, victim("mujer", 22, "MX")), victim("hombre", 22, "MX"))...)
	if Check(rows, 10) == nil {
		t.Error("a lone row passed")
	}
	if err := Check(rows[:10], 10); err != nil {
		t.Error(err)
	}
}
