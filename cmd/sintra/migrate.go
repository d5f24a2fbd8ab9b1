package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"sintra/internal/migrate"
)

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", "migrate [flags] up|down|status",
		"Applies every pending migration (up), rolls back the latest one (down), or lists\n"+
			"each migration and whether it is applied (status). Runs as the owner role:\n"+
			"with an external database set SINTRA_OWNER_DATABASE_URL.", stderr)
	cfg, err := loadConfig(fs, args, false)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("migrate needs exactly one of up, down, status")
	}
	action := fs.Arg(0)
	if action != "up" && action != "down" && action != "status" {
		fs.Usage()
		return fmt.Errorf("unknown migrate action %q: use up, down or status", action)
	}
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
