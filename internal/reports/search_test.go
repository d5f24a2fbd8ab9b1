package reports_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"sintra/internal/demo"
	"sintra/internal/disclosure"
	"sintra/internal/reports"
	"sintra/internal/testapp"
)

// The disclosure search may count a variant of a record by what its change
// reaches alone (disclosure.Changer). These tests hold it to counting the
// whole variant, the way the search did before: the same differences
// variant by variant, and the same hidden figures release by release.

// wholeCount is a record counted whole: it hides whatever faster way of
// counting its changes the record has, and so do its variants.
type wholeCount struct{ r disclosure.Record }

func (w wholeCount) Count(add func(cell, n int)) { w.r.Count(add) }

func (w wholeCount) Steer(c disclosure.Cell, toward bool) []disclosure.Record {
	out := w.r.Steer(c, toward)
	for i, v := range out {
		out[i] = wholeCount{v}
	}
	return out
}

func countedWhole(rel disclosure.Release) disclosure.Release {
	out := disclosure.Release{Cells: rel.Cells}
	for _, r := range rel.Records {
		out.Records = append(out.Records, wholeCount{r})
	}
	return out
}

// generatedYear registers a year of the demo's shape at a scale, its
// random source seeded by the year, and returns its exact release.
func generatedYear(t *testing.T, year, victims int) disclosure.Release {
	t.Helper()
	env := testapp.New(t)
	ctx := context.Background()
	if err := demo.EnsureAccounts(ctx, env.Users); err != nil {
		t.Fatal(err)
	}
	scale := demo.Scale{Victims: victims, Activities: max(3, victims/5), MaxServices: 4, Years: 1, Workers: 2}
	if err := demo.Generate(ctx, env.App, scale, year, func(string, int, int) {}); err != nil {
		t.Fatal(err)
	}
	period, err := env.Reports.PeriodByName(ctx, fmt.Sprint(year))
	if err != nil {
		t.Fatal(err)
	}
	rel, _, err := env.Reports.ExactRelease(ctx, period.ID)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// hiddenDigest names a pattern of hidden figures in a few characters.
func hiddenDigest(hidden []bool) string {
	h := sha256.New()
	for _, x := range hidden {
		fmt.Fprint(h, map[bool]int{false: 0, true: 1}[x])
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:12]
}

func TestDisclosureSearch_HidesWhatCountingWholeVariantsHides(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ year, victims int }{{2025, 30}, {2024, 120}, {2023, 1500}} {
		t.Run(fmt.Sprintf("%d víctimas of %d", tc.victims, tc.year), func(t *testing.T) {
			t.Parallel()
			rel := generatedYear(t, tc.year, tc.victims)
			var fast, whole []bool
			for _, k := range []int{reports.AnalystK, reports.PublicK} {
				var err error
				if fast, err = disclosure.Protect(rel, k, fast); err != nil {
					t.Fatal(err)
				}
				if whole, err = disclosure.Protect(countedWhole(rel), k, whole); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(fast, whole) {
					t.Errorf("k = %d: the search hides otherwise than counting whole variants: %s against %s", k,
						hiddenDigest(fast), hiddenDigest(whole))
				}
				t.Logf("k = %d: %d figures, %d records, %d hidden, pattern %s", k, len(rel.Cells), len(rel.Records),
					countHidden(fast), hiddenDigest(fast))
			}
		})
	}
}

// sharesOf is what a record adds to each cell, with false when it counts
// in a figure the release does not have.
func sharesOf(r disclosure.Record) (map[int]int, bool) {
	out, ok := map[int]int{}, true
	r.Count(func(cell, n int) {
		if cell < 0 {
			ok = ok && n == 0
			return
		}
		out[cell] += n
		if out[cell] == 0 {
			delete(out, cell)
		}
	})
	return out, ok
}

// changeOf is what turning from into to changes, as the search counts it.
func changeOf(from, to disclosure.Record) (map[int]int, bool) {
	ch, isChanger := from.(disclosure.Changer)
	if !isChanger {
		return nil, false
	}
	out, ok := map[int]int{}, true
	ch.CountChange(to, func(cell, n int) {
		if cell < 0 {
			ok = ok && n == 0
			return
		}
		out[cell] += n
		if out[cell] == 0 {
			delete(out, cell)
		}
	})
	return out, ok
}

func TestCountChange_IsTheVariantLessTheRecord(t *testing.T) {
	t.Parallel()
	rel := generatedYear(t, 2025, 60)
	rng := rand.New(rand.NewPCG(3, 5))
	checked := 0
	for r, rec := range rel.Records {
		// Each record toward and away from random figures, and a variant of
		// a variant, as the search takes them one after the other.
		for range 40 {
			from := rec
			for step := range 2 {
				c := rel.Cells[rng.IntN(len(rel.Cells))]
				variants := from.Steer(c, rng.IntN(2) == 0)
				if len(variants) == 0 {
					break
				}
				before, _ := sharesOf(from)
				var next []disclosure.Record
				for _, v := range variants {
					after, ok := sharesOf(v)
					if ok {
						next = append(next, v)
					}
					want := map[int]int{}
					for cell, n := range after {
						want[cell] += n
					}
					for cell, n := range before {
						if want[cell] -= n; want[cell] == 0 {
							delete(want, cell)
						}
					}
					got, gotOK := changeOf(from, v)
					if _, isChanger := from.(disclosure.Changer); !isChanger {
						continue
					}
					checked++
					if gotOK != ok || ok && !maps.Equal(got, want) {
						t.Fatalf("record %d, step %d, steered by %s %s %s %s: CountChange gives %v (%v), counting whole %v (%v)",
							r, step, c.Table, c.Period, c.Row, c.Col, got, gotOK, want, ok)
					}
				}
				// The search takes a variant only where it counts in figures
				// the release has.
				if len(next) == 0 {
					break
				}
				from = next[rng.IntN(len(next))]
			}
		}
	}
	if checked == 0 {
		t.Fatal("no record counts its changes")
	}
	t.Logf("%d variants checked", checked)
}
