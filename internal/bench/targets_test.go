package bench

import (
	"fmt"
	"strings"
	"sync"
)

// goal is one target of the performance issue, and what the run measured
// of it.
type goal struct {
	what, target string
	// unmeasured says why nothing was measured, until something is.
	unmeasured string
	// figure and verdict are the measurement, when there is one.
	figure, verdict string
}

// nationalScales are the scales whose figures stand for the nation's.
const nationalScales = "nacional-anio or nacional"

var (
	goalsMu sync.Mutex
	goals   = []*goal{
		{what: "register víctima, API/pgx at c = 16", target: "≥ 50 %", unmeasured: "not measured (BenchmarkAPI not run)"},
		{what: "read víctima detail, API/pgx at c = 16", target: "≥ 50 %", unmeasured: "not measured (BenchmarkAPI not run)"},
		{what: "search by folio, API/pgx at c = 16", target: "≥ 40 %", unmeasured: "not measured (BenchmarkAPI not run)"},
		{what: "list víctimas (50), API/pgx at c = 16", target: "≥ 30 %", unmeasured: "not measured (BenchmarkAPI not run)"},
		{what: "list víctimas (50), p99 at c = 16, 100,000 in scope", target: "< 20 ms", unmeasured: "not measured (scale " + nationalScales + " not run)"},
		{what: "national 2025 T2, protected computed / exact", target: "≤ 1.5×", unmeasured: "not measured (scale " + nationalScales + " not run)"},
		{what: "national 2025 T2, protected kept / exact", target: "≤ 1.5×", unmeasured: "not measured (scale " + nationalScales + " not run)"},
		{what: "national GET /api/v1/estadisticas, analyst, computed", target: "< 1 s", unmeasured: "not measured (scale " + nationalScales + " not run)"},
		{what: "national GET /api/v1/estadisticas, analyst, kept", target: "< 1 s", unmeasured: "not measured (scale " + nationalScales + " not run)"},
		{what: "national GET /api/v1/estadisticas, Secretaría Técnica, computed", target: "< 1 s", unmeasured: "not measured (scale " + nationalScales + " not run)"},
		{what: "national GET /api/v1/estadisticas, Secretaría Técnica, kept", target: "< 1 s", unmeasured: "not measured (scale " + nationalScales + " not run)"},
		{what: "server's resident memory at c = 64 (peak)", target: "< 150 MB", unmeasured: "not measured (BenchmarkAPI not run)"},
	}
)

// measured records the figure of the goal named what, and whether it
// meets its target.
func measured(what, figure string, met bool) {
	goalsMu.Lock()
	defer goalsMu.Unlock()
	for _, g := range goals {
		if g.what == what {
			g.figure, g.verdict = figure, map[bool]string{true: "met", false: "missed"}[met]
			return
		}
	}
	panic("no goal " + what)
}

// printGoals prints every target beside its figure, once something was
// measured.
func printGoals() {
	goalsMu.Lock()
	defer goalsMu.Unlock()
	var some bool
	for _, g := range goals {
		some = some || g.figure != ""
	}
	if !some {
		return
	}
	fmt.Printf("\nTargets of the run\n\n| %-62s | %-56s | %-8s | %-6s |\n", "figure", "measured", "target", "")
	fmt.Printf("|%s|%s|%s|%s|\n", strings.Repeat("-", 64), strings.Repeat("-", 58), strings.Repeat("-", 10), strings.Repeat("-", 8))
	for _, g := range goals {
		figure, verdict := g.figure, g.verdict
		if figure == "" {
			figure, verdict = g.unmeasured, ""
		}
		fmt.Printf("| %-62s | %-56s | %-8s | %-6s |\n", g.what, figure, g.target, verdict)
	}
}
