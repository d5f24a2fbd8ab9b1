package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"sintra/internal/app"
	"sintra/internal/config"
	"sintra/internal/htcds"
)

func newHTCDSCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "htcds --anio YYYY --formato csv|json --salida FILE [--k N]",
		Short: "write the víctimas of a year as k-anonymous microdata for IOM's CTDC (HTCDS variables)",
		Long: "Writes one row per víctima identified in a calendar year, with the variables of the CTDC's\n" +
			"codebook and none of her personal data, k-anonymous over every column: rare nationalities\n" +
			"recoded to their region, rows generalized step by step, and what stays alone left out and\n" +
			"counted. k is --public-k (SINTRA_PUBLIC_K) unless --k raises it. The export is audited.",
		Args: cobra.NoArgs,
	}
	var o htcdsOptions
	cmd.Flags().IntVar(&o.year, "anio", 0, "the calendar year the víctimas were identified in")
	cmd.Flags().StringVar(&o.format, "formato", "csv", "csv or json")
	cmd.Flags().StringVar(&o.output, "salida", "", "the file to write")
	cmd.Flags().IntVar(&o.k, "k", 0, "each row identical to at least k-1 others; at least --public-k, the default")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := validate(cfg); err != nil {
			return err
		}
		if o.year == 0 || o.output == "" {
			return usageError(cmd, errors.New("htcds needs --anio and --salida"))
		}
		return runHTCDS(cmd.Context(), cfg, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

// htcdsOptions are the flags of sintra htcds.
type htcdsOptions struct {
	year, k        int
	format, output string
}

func runHTCDS(ctx context.Context, cfg *config.Config, o htcdsOptions, stdout, stderr io.Writer) error {
	write := map[string]func(io.Writer, htcds.Export) error{"csv": htcds.WriteCSV, "json": htcds.WriteJSON}[o.format]
	if write == nil {
		return fmt.Errorf("unknown format %q: use csv or json", o.format)
	}
	return withApp(ctx, cfg, stderr, false, func(a *app.App) error {
		e, err := a.HTCDS.ForOperator(ctx, htcds.Request{Year: o.year, K: o.k})
		if err != nil {
			return describe(err)
		}
		var body bytes.Buffer
		if err := write(&body, e); err != nil {
			return err
		}
		if err := os.WriteFile(o.output, body.Bytes(), 0o640); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: %d rows of the %d víctimas of %d, k %d, %d left out\n", o.output, len(e.Rows), e.Records, e.Year, e.K, e.Dropped)
		return nil
	})
}
