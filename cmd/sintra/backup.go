package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"sintra/internal/pgembed"
)

// errExternalBackup says that an external database is backed up by its own tools.
var errExternalBackup = errors.New("an external PostgreSQL is backed up and restored with its own tools (pg_basebackup with WAL archiving, or pgBackRest); " +
	"sintra backup and restore work on the private PostgreSQL")

func newBackupCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "backup --salida DIR",
		Short: "copy the private PostgreSQL, running or not, into a new folder (pg_basebackup)",
		Long: "Copies the private PostgreSQL into DIR, a folder that must not exist yet, with pg_basebackup:\n" +
			"a consistent copy taken without stopping the server. With SINTRA_WAL_ARCHIVE set on every\n" +
			"command, 'sintra restore' brings such a copy back to any instant after it. The copy holds\n" +
			"every víctima's wrapped data key: keep it encrypted, apart from the key file, and short-lived.",
		Args: cobra.NoArgs,
	}
	dest := cmd.Flags().String("salida", "", "the folder to write the backup to; it must not exist")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := validate(cfg); err != nil {
			return err
		}
		if *dest == "" {
			return usageError(cmd, errors.New("backup needs --salida"))
		}
		if !cfg.Embedded() {
			return errExternalBackup
		}
		ctx := cmd.Context()
		db, err := openDatabase(ctx, cfg, newLogger(cfg, cmd.ErrOrStderr()))
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.cluster.Backup(ctx, *dest); err != nil {
			return err
		}
		fmt.Fprintf(cmd.OutOrStdout(), "wrote a backup of the private PostgreSQL to %s\n", *dest)
		if cfg.WALArchive == "" {
			fmt.Fprintln(cmd.OutOrStdout(), "without SINTRA_WAL_ARCHIVE it restores only to the moment it was taken")
		}
		return nil
	}
	return cmd
}

func newRestoreCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "restore --desde DIR --hasta INSTANT",
		Short: "put a backup back in place of the private PostgreSQL, to replay the WAL archive up to an instant",
		Long: "Puts the backup in DIR (made by 'sintra backup') in place of the private PostgreSQL, which must\n" +
			"be stopped, keeping the cluster it replaces beside it. The next start replays the WAL archive\n" +
			"(SINTRA_WAL_ARCHIVE) up to INSTANT, the last transaction committed by then included, and goes on\n" +
			"from there; it then erases again every víctima the erasure ledger names, so that nobody erased\n" +
			"after INSTANT comes back.",
		Args: cobra.NoArgs,
	}
	from := cmd.Flags().String("desde", "", "the backup's folder")
	until := cmd.Flags().String("hasta", "", "the instant to restore to, RFC 3339 (2026-12-02T09:30:00-05:00)")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := validate(cfg); err != nil {
			return err
		}
		if *from == "" || *until == "" {
			return usageError(cmd, errors.New("restore needs --desde and --hasta"))
		}
		target, err := time.Parse(time.RFC3339Nano, *until)
		if err != nil {
			return fmt.Errorf("--hasta %q: use an instant such as 2026-12-02T09:30:00-05:00", *until)
		}
		if !cfg.Embedded() {
			return errExternalBackup
		}
		aside, err := pgembed.Restore(cmd.Context(), clusterOptions(cfg, newLogger(cfg, cmd.ErrOrStderr())), *from, target)
		if err != nil {
			return err
		}
		out := cmd.OutOrStdout()
		fmt.Fprintf(out, "restored %s; the next start replays the WAL archive up to %s\n", *from, target.Format(time.RFC3339))
		if aside != "" {
			fmt.Fprintf(out, "the cluster it replaced is kept at %s: remove it once the restore is checked\n", aside)
		}
		return nil
	}
	return cmd
}
