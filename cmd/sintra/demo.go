package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"sintra/internal/app"
	"sintra/internal/config"
	"sintra/internal/demo"
)

func newDemoCommand() *cobra.Command {
	return newGroupCommand("demo", "add fictitious records at a scale, in demo mode only: demo generate", newDemoGenerateCommand())
}

// demoOptions are the flags of sintra demo generate.
type demoOptions struct {
	scale                            string
	victims, activities, year, years int
}

func newDemoGenerateCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "generate --demo [--escala demo|estatal|nacional|nacional-anio] [--victimas N] [--actividades N] [--anio YYYY] [--anios N]",
		Short: "add years of fictitious records through the domain code",
		Long: "Adds years of clearly fictitious records through the same domain code as the API (encrypted and\n" +
			"audited): víctimas with services and canalizaciones, expedientes, carpetas, Grupo de Trabajo\n" +
			"sessions and activities. Only in demo mode (--demo or SINTRA_DEMO=true): fake records would\n" +
			"corrupt a real system's figures.",
		Args: cobra.NoArgs,
	}
	var o demoOptions
	cmd.Flags().StringVar(&o.scale, "escala", "estatal", "demo (40 víctimas), estatal (10,000 in a year), nacional (1,000,000 over a decade) or nacional-anio (one year of it: 100,000)")
	cmd.Flags().IntVar(&o.victims, "victimas", 0, "víctimas to register, instead of the scale's")
	cmd.Flags().IntVar(&o.activities, "actividades", -1, "activities to record, instead of the scale's")
	cmd.Flags().IntVar(&o.year, "anio", 0, "the (last) year the records fall in, by default the previous one; missing periods of each year are defined")
	cmd.Flags().IntVar(&o.years, "anios", 0, "years the records spread over, instead of the scale's (nacional: 10)")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return runDemoGenerate(cmd.Context(), cfg, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

func runDemoGenerate(ctx context.Context, cfg *config.Config, o demoOptions, stdout, stderr io.Writer) error {
	if err := validate(cfg); err != nil {
		return err
	}
	if !cfg.Demo {
		return errors.New("demo generate runs only in demo mode (--demo or SINTRA_DEMO=true): fake records would corrupt real figures")
	}
	if o.year == 0 {
		o.year = cfg.Clock().Year() - 1
	}
	scale, ok := demo.Scales[o.scale]
	if !ok {
		return fmt.Errorf("unknown scale %q: use demo, estatal or nacional", o.scale)
	}
	if o.victims < 0 || o.years < 0 || o.activities < -1 {
		return errors.New("--victimas, --actividades and --anios take counts of zero or more")
	}
	if o.victims > 0 {
		scale.Victims = o.victims
	}
	if o.activities >= 0 {
		scale.Activities = o.activities
	}
	if o.years > 0 {
		scale.Years = o.years
	}
	return withApp(ctx, cfg, stderr, true, func(a *app.App) error {
		if err := demo.EnsureAccounts(ctx, a.Users); err != nil {
			return err
		}
		start := time.Now()
		err := demo.Generate(ctx, a, scale, o.year, func(stage string, done, total int) {
			elapsed := time.Since(start).Seconds()
			fmt.Fprintf(stderr, "%s: %d of %d (%.0f s)\n", stage, done, total, elapsed)
		})
		if err != nil {
			return err
		}
		elapsed := time.Since(start)
		span := fmt.Sprint(o.year)
		if scale.Years > 1 {
			span = fmt.Sprintf("%d–%d", o.year-scale.Years+1, o.year)
		}
		fmt.Fprintf(stdout, "generated %d víctimas and %d activities of %s in %s (%.0f víctimas/s)\n",
			scale.Victims, scale.Activities, span, elapsed.Round(time.Second), float64(scale.Victims)/elapsed.Seconds())
		return nil
	})
}
