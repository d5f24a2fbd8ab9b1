package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/catalog"
	"sintra/internal/config"
)

func newCatalogCommand() *cobra.Command {
	return newGroupCommand("catalog", "extend the catalogs: catalog municipios", newCatalogMunicipiosCommand())
}

func newCatalogMunicipiosCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "municipios --entidad CODE --file FILE.csv",
		Short: "load an entidad's municipios from a CSV file (clave, nombre)",
		Long: "Loads the municipios of an entidad federativa from a CSV file whose header names the\n" +
			"columns clave (the INEGI code: five digits, or the three of the municipio) and nombre;\n" +
			"INEGI's CVE_MUN and NOM_MUN are read as well. Every row is checked and any error loads\n" +
			"nothing. A municipio held already takes the file's name; none is removed. Loading the\n" +
			"same file again changes nothing. The load is audited as done from the command line.",
		Args: cobra.NoArgs,
	}
	var entidad, file string
	cmd.Flags().StringVar(&entidad, "entidad", "", "the entidad's INEGI code, two digits, for example 31 (Yucatán)")
	cmd.Flags().StringVar(&file, "file", "", "the CSV file")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := validate(cfg); err != nil {
			return err
		}
		if entidad == "" || file == "" {
			return usageError(cmd, errors.New("catalog municipios needs --entidad and --file"))
		}
		return runCatalogMunicipios(cmd.Context(), cfg, entidad, file, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

func runCatalogMunicipios(ctx context.Context, cfg *config.Config, entidad, file string, stdout, stderr io.Writer) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	sess, err := openSession(ctx, cfg, log, cfg.NeedsOwnerURL(true) == nil)
	if err != nil {
		return err
	}
	defer sess.Close()
	a, err := newApp(cfg, log, sess.conn, nil)
	if err != nil {
		return err
	}
	res, err := a.Catalogs.Load(ctx, audit.CommandLine, entidad, data)
	if err != nil {
		return describeRows(err)
	}
	fmt.Fprintf(stdout, "entidad %s: %d municipios added, %d renamed, %d unchanged\n", res.Entidad, res.Added, res.Renamed, res.Unchanged)
	return nil
}

// describeRows adds to err's message each invalid row it names.
func describeRows(err error) error {
	e, ok := apperr.As(err)
	if !ok {
		return err
	}
	rows, _ := e.Extensions["row_errors"].([]catalog.RowError)
	if len(rows) == 0 {
		return describe(err)
	}
	var b strings.Builder
	b.WriteString(e.Message)
	for _, r := range rows {
		fmt.Fprintf(&b, "\n  row %d, %s: %s", r.Row, r.Column, r.Message)
	}
	return errors.New(b.String())
}
