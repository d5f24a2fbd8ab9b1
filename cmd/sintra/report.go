package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"sintra/internal/render"
)

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", "report --periodo NAME --formato xlsx|pdf|csv|json --salida FILE [--publico]",
		"Writes the Comisión's report of a period (quarterly or annual) to a file. Exact counts,\n"+
			"or with --publico the suppressed view for publication (counts of 1 to k-1 hidden).", stderr)
	period := fs.String("periodo", "", "the period's name (or id), as defined in SINTRA")
	format := fs.String("formato", "xlsx", "xlsx, pdf, csv or json")
	output := fs.String("salida", "", "the file to write")
	public := fs.Bool("publico", false, "suppress small counts for publication")
	cfg, err := loadConfig(fs, args, false)
	if err != nil {
		return err
	}
	if *period == "" || *output == "" {
		fs.Usage()
		return errors.New("report needs --periodo and --salida")
	}
	if _, ok := render.Formats[*format]; !ok {
		return fmt.Errorf("unknown format %q: use xlsx, pdf, csv or json", *format)
	}
	log := newLogger(cfg, stderr)
	sess, err := openSession(ctx, cfg, log, false)
	if err != nil {
		return err
	}
	defer sess.Close()
	a, err := newApp(cfg, log, sess.conn.store)
	if err != nil {
		return err
	}
	p, err := a.Reports.PeriodByName(ctx, *period)
	if err != nil {
		return fmt.Errorf("period %q: %w", *period, describe(err))
	}
	start := time.Now()
	fmt.Fprintf(stderr, "computing the report of %s (%s to %s)…\n", p.Name, p.StartsOn.Format(time.DateOnly), p.EndsOn.Format(time.DateOnly))
	r, err := a.Reports.ForOperator(ctx, p, *public)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "computed %d tables in %s; rendering %s…\n", len(r.Tables), time.Since(start).Round(time.Millisecond), *format)
	body, err := render.Report(r, *format)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*output, body, 0o640); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", *output, len(body))
	return nil
}
