package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sintra/internal/config"
	"sintra/internal/migrate"
)

func newMigrateCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate up|down|status",
		Short: "apply, roll back or list database migrations: migrate up|down|status",
		Long: "Applies every pending migration (up), rolls back the latest one (down), or lists\n" +
			"each migration and whether it is applied (status). Runs as the owner role:\n" +
			"with an external database set SINTRA_OWNER_DATABASE_URL.",
	}
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := validate(cfg); err != nil {
			return err
		}
		if len(args) != 1 {
			return usageError(cmd, errors.New("migrate needs exactly one of up, down, status"))
		}
		if action := args[0]; action != "up" && action != "down" && action != "status" {
			return usageError(cmd, fmt.Errorf("unknown migrate action %q: use up, down or status", action))
		}
		return runMigrate(cmd.Context(), cfg, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

func runMigrate(ctx context.Context, cfg *config.Config, action string, stdout, stderr io.Writer) error {
	if err := cfg.NeedsOwnerURL(true); err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	db, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.withSchema(ctx, db.ownerURL, func(s *migrate.Schema) error {
		switch action {
		case "up":
			applied, err := s.Up(ctx)
			if err == nil {
				fmt.Fprintf(stdout, "applied %d migration(s)\n", applied)
			}
			return err
		case "down":
			return s.Down(ctx)
		default:
			return s.WriteStatus(ctx, stdout)
		}
	})
}
