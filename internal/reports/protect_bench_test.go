package reports_test

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"sintra/internal/demo"
	"sintra/internal/disclosure"
	"sintra/internal/reports"
	"sintra/internal/testapp"
)

// BenchmarkProtectedRelease generates a year at a demo scale
// (SINTRA_BENCH_ESCALA, "demo" unless set) through the domain services and
// times the analysts' protected view of that year: the disclosure search
// alone over the year's exact release, and the whole view computed from
// the database. Run it with -benchtime 5x or so; it prints its figures.
func BenchmarkProtectedRelease(b *testing.B) {
	name := os.Getenv("SINTRA_BENCH_ESCALA")
	if name == "" {
		name = "demo"
	}
	scale, ok := demo.Scales[name]
	if !ok {
		b.Fatalf("unknown scale %q in SINTRA_BENCH_ESCALA", name)
	}
	env := testapp.New(b)
	ctx := context.Background()
	if err := demo.EnsureAccounts(ctx, env.Users); err != nil {
		b.Fatal(err)
	}
	if err := demo.Generate(ctx, env.App, scale, 2025, func(string, int, int) {}); err != nil {
		b.Fatal(err)
	}
	year, err := env.Reports.PeriodByName(ctx, "2025")
	if err != nil {
		b.Fatal(err)
	}
	rel, _, err := env.Reports.ExactRelease(ctx, year.ID)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("search", func(b *testing.B) {
		hidden := 0
		began := cpuTime()
		for b.Loop() {
			got, err := disclosure.Protect(rel, reports.AnalystK, nil)
			if err != nil {
				b.Fatal(err)
			}
			hidden = countHidden(got)
		}
		printBench(b, name, "disclosure search", cpuTime()-began, len(rel.Cells), len(rel.Records), hidden)
	})
	b.Run("view", func(b *testing.B) {
		began := cpuTime()
		for b.Loop() {
			if _, _, err := env.Reports.ProtectedView(ctx, year.ID, false); err != nil {
				b.Fatal(err)
			}
		}
		printBench(b, name, "protected view computed", cpuTime()-began, len(rel.Cells), len(rel.Records), -1)
	})
}

func countHidden(hidden []bool) int {
	n := 0
	for _, h := range hidden {
		if h {
			n++
		}
	}
	return n
}

// cpuTime is the processor time the benchmark's process has taken, its
// own work only (PostgreSQL's is another process's): on a shared machine
// it moves less than the time elapsed.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// printBench prints what one benchmark measured, per view.
func printBench(b *testing.B, scale, what string, cpu time.Duration, cells, records, hidden int) {
	per := b.Elapsed() / time.Duration(b.N)
	line := fmt.Sprintf("%s scale, 2025: %s %.1f ms per view, %.1f ms of processor in Go (%d runs), %d figures, %d records",
		scale, what, float64(per.Microseconds())/1000, float64((cpu/time.Duration(b.N)).Microseconds())/1000, b.N, cells, records)
	if hidden >= 0 {
		line += fmt.Sprintf(", %d hidden", hidden)
	}
	fmt.Println(line)
}
