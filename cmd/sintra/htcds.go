package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"sintra/internal/app"
	"sintra/internal/config"
	"sintra/internal/htcds"
)

func newHTCDSCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "htcds --anio YYYY [--entidad CODE] --formato csv|json --salida FILE",
		Short: "write the víctimas of a closed year as k-anonymous microdata for IOM's CTDC (HTCDS variables)",
		Long: "Writes one row per víctima identified in a calendar year that has ended, of one entidad with\n" +
			"--entidad, else of the nation, with the variables of the CTDC's codebook and none of her\n" +
			"personal data, k-anonymous over every column with k = --public-k (SINTRA_PUBLIC_K): rare\n" +
			"nationalities recoded to their region, rows generalized step by step, and what stays alone\n" +
			"left out. The first export of a year is frozen and every later one writes the same bytes,\n" +
			"whatever changed in the records since. Every export is audited.",
		Args: cobra.NoArgs,
	}
	var o htcdsOptions
	cmd.Flags().IntVar(&o.year, "anio", 0, "the calendar year the víctimas were identified in; it must have ended")
	cmd.Flags().StringVar(&o.entidad, "entidad", "", "the entidad's INEGI code, two digits (23 for Quintana Roo); empty for the nation")
	cmd.Flags().StringVar(&o.format, "formato", "csv", "csv or json")
	cmd.Flags().StringVar(&o.output, "salida", "", "the file to write")
	cmd.Flags().StringSliceVar(&o.without, "sin-entidad", nil, "the nation's first release at a national instance: leave out this fed entidad,\n"+
		"which has not sent its microdata of the year and will not; the file names it (repeatable)")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := validate(cfg); err != nil {
			return err
		}
		if o.year == 0 || o.output == "" {
			return usageError(cmd, errors.New("htcds needs --anio and --salida"))
		}
		if len(o.without) > 0 && o.entidad != "" {
			return usageError(cmd, errors.New("--sin-entidad leaves an entidad out of the nation's file: give no --entidad"))
		}
		return runHTCDS(cmd.Context(), cfg, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

// htcdsOptions are the flags of sintra htcds.
type htcdsOptions struct {
	year                    int
	entidad, format, output string
	without                 []string
}

func runHTCDS(ctx context.Context, cfg *config.Config, o htcdsOptions, stdout, stderr io.Writer) error {
	if !slices.Contains(htcds.Formats, o.format) {
		return fmt.Errorf("unknown format %q: use csv or json", o.format)
	}
	return withApp(ctx, cfg, stderr, false, func(a *app.App) error {
		f, err := a.HTCDS.ForOperator(ctx, htcds.Request{Year: o.year, Entidad: o.entidad, Format: o.format, Without: o.without})
		if err != nil {
			return describe(err)
		}
		if err := os.WriteFile(o.output, f.Body, 0o640); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: the microdata of %d released %s, k %d, sha-256 %s\n", o.output, f.Year,
			f.ReleasedAt.Format("2006-01-02 15:04 MST"), f.K, hex.EncodeToString(f.SHA256))
		return nil
	})
}
