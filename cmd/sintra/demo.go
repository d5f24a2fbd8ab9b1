package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"sintra/internal/demo"
)

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		args = []string{"generate", "--help"}
	}
	if len(args) == 0 || args[0] != "generate" {
		return errors.New("use: sintra demo generate [flags]")
	}
	fs := newFlagSet("demo generate", "demo generate --demo [--escala demo|estatal|nacional] [--victimas N] [--actividades N] [--anio YYYY] [--anios N]",
		"Adds years of clearly fictitious records through the same domain code as the API (encrypted and\n"+
			"audited): víctimas with services and canalizaciones, expedientes, carpetas, Grupo de Trabajo\n"+
			"sessions and activities. Only in demo mode (--demo or SINTRA_DEMO=true): fake records would\n"+
			"corrupt a real system's figures.", stderr)
	scaleName := fs.String("escala", "estatal", "demo (40 víctimas), estatal (10,000 in a year) or nacional (1,000,000 over a decade)")
	victimCount := fs.Int("victimas", 0, "víctimas to register, instead of the scale's")
	activityCount := fs.Int("actividades", -1, "activities to record, instead of the scale's")
	year := fs.Int("anio", 0, "the (last) year the records fall in, by default the previous one; missing periods of each year are defined")
	years := fs.Int("anios", 0, "years the records spread over, instead of the scale's (nacional: 10)")
	cfg, err := loadConfig(fs, args[1:], false)
	if err != nil {
		return err
	}
	if !cfg.Demo {
		return errors.New("demo generate runs only in demo mode (--demo or SINTRA_DEMO=true): fake records would corrupt real figures")
	}
	if *year == 0 {
		*year = cfg.Clock().Year() - 1
	}
	scale, ok := demo.Scales[*scaleName]
	if !ok {
		return fmt.Errorf("unknown scale %q: use demo, estatal or nacional", *scaleName)
	}
	if *victimCount < 0 || *years < 0 || *activityCount < -1 {
		return errors.New("--victimas, --actividades and --anios take counts of zero or more")
	}
	if *victimCount > 0 {
		scale.Victims = *victimCount
	}
	if *activityCount >= 0 {
		scale.Activities = *activityCount
	}
	if *years > 0 {
		scale.Years = *years
	}
	log := newLogger(cfg, stderr)
	sess, err := openSession(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer sess.Close()
	st := sess.conn.store
	a, err := newApp(cfg, log, st)
	if err != nil {
		return err
	}
	if err := demo.EnsureAccounts(ctx, a.Users); err != nil {
		return err
	}
	start := time.Now()
	err = demo.Generate(ctx, a, scale, *year, func(stage string, done, total int) {
		elapsed := time.Since(start).Seconds()
		fmt.Fprintf(stderr, "%s: %d of %d (%.0f s)\n", stage, done, total, elapsed)
	})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	span := fmt.Sprint(*year)
	if scale.Years > 1 {
		span = fmt.Sprintf("%d–%d", *year-scale.Years+1, *year)
	}
	fmt.Fprintf(stdout, "generated %d víctimas and %d activities of %s in %s (%.0f víctimas/s)\n",
		scale.Victims, scale.Activities, span, elapsed.Round(time.Second), float64(scale.Victims)/elapsed.Seconds())
	return nil
}
