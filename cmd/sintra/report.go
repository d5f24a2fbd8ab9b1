package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"sintra/internal/config"
	"sintra/internal/render"
)

func newReportCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report --periodo NAME [--entidad CODE] --formato xlsx|pdf|csv|json --salida FILE [--publico]",
		Short: "write the Comisión's report of a period to an XLSX, PDF, CSV or JSON file",
		Long: "Writes the Comisión's report of a period (quarterly or annual) to a file, of one entidad\n" +
			"with --entidad, else of every entidad the deployment serves (the nation). Exact counts,\n" +
			"or with --publico the suppressed view for publication (counts of 1 to k-1 hidden).",
		Args: cobra.NoArgs,
	}
	var o reportOptions
	cmd.Flags().StringVar(&o.period, "periodo", "", "the period's name (or id), as defined in SINTRA")
	cmd.Flags().StringVar(&o.entidad, "entidad", "", "the entidad's INEGI code, two digits (23 for Quintana Roo); empty for the nation")
	cmd.Flags().StringVar(&o.format, "formato", "xlsx", "xlsx, pdf, csv or json")
	cmd.Flags().StringVar(&o.output, "salida", "", "the file to write")
	cmd.Flags().BoolVar(&o.public, "publico", false, "suppress small counts for publication")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := validate(cfg); err != nil {
			return err
		}
		if o.period == "" || o.output == "" {
			return usageError(cmd, errors.New("report needs --periodo and --salida"))
		}
		return runReport(cmd.Context(), cfg, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

// reportOptions are the flags of sintra report.
type reportOptions struct {
	period, entidad, format, output string
	public                          bool
}

func runReport(ctx context.Context, cfg *config.Config, o reportOptions, stdout, stderr io.Writer) error {
	if _, ok := render.Formats[o.format]; !ok {
		return fmt.Errorf("unknown format %q: use xlsx, pdf, csv or json", o.format)
	}
	log := newLogger(cfg, stderr)
	sess, err := openSession(ctx, cfg, log, false)
	if err != nil {
		return err
	}
	defer sess.Close()
	a, err := newApp(cfg, log, sess.conn, nil)
	if err != nil {
		return err
	}
	p, err := a.Reports.PeriodByName(ctx, o.period)
	if err != nil {
		return fmt.Errorf("period %q: %w", o.period, describe(err))
	}
	start := time.Now()
	fmt.Fprintf(stderr, "computing the report of %s (%s to %s)…\n", p.Name, p.StartsOn.Format(time.DateOnly), p.EndsOn.Format(time.DateOnly))
	r, err := a.Reports.ForOperator(ctx, p, o.entidad, o.public)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "computed %d tables in %s, counting every record committed before %s; rendering %s…\n",
		len(r.Tables), time.Since(start).Round(time.Millisecond), r.DataAsOf.UTC().Format(time.RFC3339), o.format)
	body, err := render.Report(r, o.format)
	if err != nil {
		return err
	}
	if err := os.WriteFile(o.output, body, 0o640); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", o.output, len(body))
	return nil
}
