package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"sintra/internal/config"
	"sintra/internal/crypto"
	"sintra/internal/keyrotation"
)

// loadKeyring opens the configured key file; in demo mode it first makes
// one in the data directory if there is none, and says so loudly.
func loadKeyring(cfg *config.Config, log *slog.Logger) (*crypto.Keyring, error) {
	path, err := cfg.KeyFile()
	if err != nil {
		return nil, err
	}
	if cfg.Demo && cfg.MasterKeyFile == "" {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			if err := crypto.GenerateKeyFile(path); err != nil {
				return nil, err
			}
			log.Warn("DEMO MODE: generated a master key file in the data directory; it sits beside the data it protects, so use demo data only", "file", path)
		}
	}
	return crypto.LoadKeyring(path)
}

func newKeysCommand() *cobra.Command {
	return newGroupCommand("keys", "make a key file, rotate the master key, retire old versions: keys generate|rotate|retire",
		newKeysGenerateCommand(), newKeysRotateCommand(), newKeysRetireCommand())
}

func newKeysGenerateCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "generate --file PATH",
		Short: "write a new key file",
		Long: "Writes a new key file (mode 0600): master key version 1, a blind-index key and a\n" +
			"token-signing key, each 32 random bytes. It never overwrites a file. Keep the file\n" +
			"away from the database and its backups, and point SINTRA_MASTER_KEY_FILE at it.",
		Args: cobra.NoArgs,
	}
	path := cmd.Flags().String("file", os.Getenv("SINTRA_MASTER_KEY_FILE"), "where to write the key file (env SINTRA_MASTER_KEY_FILE)")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if *path == "" {
			return usageError(cmd, errors.New("keys generate needs --file"))
		}
		if err := crypto.GenerateKeyFile(*path); err != nil {
			return err
		}
		fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", *path)
		return nil
	}
	return cmd
}

func newKeysRotateCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rotate",
		Short: "add a master key version and re-wrap every data key with it",
		Long: "Adds a new master key version to the key file and re-wraps every data key (those of\n" +
			"víctimas, carpetas and users' TOTP secrets) with it, in batches, while the server\n" +
			"keeps running (it picks the new version up from the file). Interrupted, run it again:\n" +
			"it finishes the pending records before adding another version. Old versions stay in\n" +
			"the file until 'sintra keys retire'.",
		Args: cobra.NoArgs,
	}
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return runKeysRotate(cmd.Context(), cfg, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

func newKeysRetireCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "retire",
		Short: "remove master key versions no data key needs",
		Long: "Removes every master key version older than the current one from the key file, once\n" +
			"'sintra keys rotate' has re-wrapped every data key: a retired key, if it leaked, opens\n" +
			"nothing stored now. It refuses while any data key still needs an older version. Keep\n" +
			"a copy of the old key file with the backups made before the rotation: they need it.",
		Args: cobra.NoArgs,
	}
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return runKeysRetire(cmd.Context(), cfg, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

func runKeysRotate(ctx context.Context, cfg *config.Config, stdout, stderr io.Writer) error {
	path, keys, sess, err := openKeysAndDatabase(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer sess.Close()
	st := sess.conn.store
	pending, err := keyrotation.Pending(ctx, st, keys.CurrentVersion())
	if err != nil {
		return err
	}
	if pending == 0 {
		version, err := crypto.AddMasterVersion(path)
		if err != nil {
			return err
		}
		if keys, err = crypto.LoadKeyring(path); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added master key version %d\n", version)
	} else {
		fmt.Fprintf(stdout, "resuming: %d data keys still to re-wrap with version %d\n", pending, keys.CurrentVersion())
	}
	done, err := keyrotation.RewrapKeys(ctx, st, keys, func(done, total int) {
		fmt.Fprintf(stderr, "re-wrapped %d of %d data keys\n", done, total)
	})
	if err != nil {
		return fmt.Errorf("stopped after re-wrapping %d data keys (run `sintra keys rotate` again to continue): %w", done, err)
	}
	fmt.Fprintf(stdout, "every data key is wrapped with master key version %d (%d re-wrapped)\n", keys.CurrentVersion(), done)
	return nil
}

func runKeysRetire(ctx context.Context, cfg *config.Config, stdout, stderr io.Writer) error {
	path, keys, sess, err := openKeysAndDatabase(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer sess.Close()
	pending, err := keyrotation.Pending(ctx, sess.conn.store, keys.CurrentVersion())
	if err != nil {
		return err
	}
	if pending > 0 {
		return fmt.Errorf("%d data keys still need an older master key: run `sintra keys rotate` first", pending)
	}
	retired, err := crypto.RetireOldMasterKeys(path)
	if err != nil {
		return err
	}
	if len(retired) == 0 {
		fmt.Fprintf(stdout, "only master key version %d is in the file: nothing to retire\n", keys.CurrentVersion())
		return nil
	}
	fmt.Fprintf(stdout, "retired master key versions %v; version %d remains\n", retired, keys.CurrentVersion())
	return nil
}

// openKeysAndDatabase validates the configuration of a command that
// changes the key file, loads that file and opens the database.
func openKeysAndDatabase(ctx context.Context, cfg *config.Config, stderr io.Writer) (string, *crypto.Keyring, *session, error) {
	if err := validate(cfg); err != nil {
		return "", nil, nil, err
	}
	path, err := cfg.KeyFile()
	if err != nil {
		return "", nil, nil, err
	}
	keys, err := crypto.LoadKeyring(path)
	if err != nil {
		return "", nil, nil, err
	}
	sess, err := openSession(ctx, cfg, newLogger(cfg, stderr), false)
	if err != nil {
		return "", nil, nil, err
	}
	return path, keys, sess, nil
}
