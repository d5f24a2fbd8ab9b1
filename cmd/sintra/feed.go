package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"sintra/internal/audit"
	"sintra/internal/config"
	"sintra/internal/crypto"
	"sintra/internal/feed"
)

func newFeedCommand() *cobra.Command {
	return newGroupCommand("feed", "the national feed: export the state's records for the national SINTRA, import a state's: feed export|import|signing-key|encryption-key",
		newFeedExportCommand(), newFeedImportCommand(), newFeedSigningKeyCommand(), newFeedEncryptionKeyCommand())
}

func newFeedExportCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export (--desde WATERMARK | --completo) --salida FILE",
		Short: "write a signed batch of the records changed since a watermark",
		Long: "Writes to FILE a batch of the national feed (sintra-feed/3, api/feed.schema.json): every\n" +
			"record of the entidad (--feed-entidad, SINTRA_FEED_ENTIDAD) changed since the watermark, without\n" +
			"personal data, each named by its pseudonym, signed with the key file's feed key. The\n" +
			"first export is --desde 0; each prints the watermark to give the next one.\n" +
			"After restoring the database from a backup, export --completo: the full batch that starts a\n" +
			"new generation of the series, which the national instance puts in place of what it\n" +
			"imported; then go on from the watermark it prints.",
		Args: cobra.NoArgs,
	}
	since := cmd.Flags().Int64("desde", -1, "the watermark the previous batch printed; 0 for every record")
	full := cmd.Flags().Bool("completo", false, "the full batch that starts a new generation of the series, after a restore from a backup:\n"+
		"every record, which the national instance puts in place of what it imported (with --desde 0 or alone)")
	output := cmd.Flags().String("salida", "", "the file to write")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := validate(cfg); err != nil {
			return err
		}
		if *full && *since < 0 {
			*since = 0
		}
		if *since < 0 || *output == "" {
			return usageError(cmd, errors.New("feed export needs --desde (or --completo) and --salida"))
		}
		if *full && *since != 0 {
			return usageError(cmd, errors.New("a full batch (--completo) holds every record: give --desde 0 or leave it out"))
		}
		return runFeedExport(cmd.Context(), cfg, *since, *full, *output, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

func runFeedExport(ctx context.Context, cfg *config.Config, since int64, full bool, output string, stdout, stderr io.Writer) error {
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
	tmp, err := os.CreateTemp(filepath.Dir(output), ".feed-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	h, err := a.Feed.ExportSealed(ctx, audit.CommandLine, since, full, tmp, func(done int) { fmt.Fprintf(stderr, "read %d records\n", done) })
	if err == nil {
		err = tmp.Close()
	}
	if err != nil {
		tmp.Close()
		return describe(err)
	}
	if err := os.Rename(tmp.Name(), output); err != nil {
		return err
	}
	if h.Full {
		fmt.Fprintf(stdout, "wrote %s: entidad %s, full batch starting generation %s, %d records; next: --desde %s\n",
			output, h.Entidad, h.Generation, h.Records, h.Watermark)
		return nil
	}
	fmt.Fprintf(stdout, "wrote %s: entidad %s, batch %d, %d records changed since %s; next: --desde %s\n", output, h.Entidad, h.Sequence, h.Records, h.Since, h.Watermark)
	return nil
}

func newFeedImportCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import FILE --claves FILE",
		Short: "verify a state's batch and store its records (national instance)",
		Long: "Verifies a batch of the national feed against the public key trusted for its entidad\n" +
			"(--claves, SINTRA_FEED_KEYS: one line per entidad, its code and the key `sintra feed\n" +
			"signing-key` printed there) and stores its records in one transaction, all or nothing,\n" +
			"as the owner role (SINTRA_OWNER_DATABASE_URL with an external PostgreSQL).\n" +
			"A batch altered, signed by another key or holding records of another entidad is refused\n" +
			"whole; the same batch again changes nothing; an older version never replaces a newer.\n" +
			"Each batch must follow the last imported from its entidad (its number and the hash of the\n" +
			"one before): a gap or a fork is refused; --tras N resumes deliberately after batch N.\n" +
			"A full batch (sintra feed export --completo, after a restore at the state) starts a new\n" +
			"generation of the series and replaces what the entidad had sent.",
		Args: cobra.ExactArgs(1),
	}
	keysFile := cmd.Flags().String("claves", os.Getenv("SINTRA_FEED_KEYS"), "the trusted keys file (env SINTRA_FEED_KEYS)")
	identityFile := cmd.Flags().String("identidad", os.Getenv("SINTRA_FEED_IDENTITY"),
		"the national instance's identity file, made by `sintra feed encryption-key` (env SINTRA_FEED_IDENTITY)")
	after := cmd.Flags().Int64("tras", -1, "resume the entidad's series deliberately after batch N, lost for good: import batch N+1 whatever came before")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := validate(cfg); err != nil {
			return err
		}
		if *keysFile == "" || *identityFile == "" {
			return usageError(cmd, errors.New("feed import needs --claves and --identidad"))
		}
		return runFeedImport(cmd.Context(), cfg, args[0], *keysFile, *identityFile, *after, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

func runFeedImport(ctx context.Context, cfg *config.Config, path, keysFile, identityFile string, after int64, stdout, stderr io.Writer) error {
	keys, err := feed.LoadKeys(keysFile)
	if err != nil {
		return err
	}
	identity, err := os.ReadFile(identityFile)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	// Decrypted as it is read, into memory: no clear batch touches the disk.
	batch, err := feed.Open(f, string(identity))
	if err != nil {
		return describe(err)
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
	owner, err := sess.db.connectOwner(ctx)
	if err != nil {
		return err
	}
	defer owner.Close()
	im, err := a.Feed.WithOwner(owner).ImportAfter(ctx, audit.CommandLine, batch, keys, after, func(done, total int) {
		fmt.Fprintf(stderr, "stored %d of %d records\n", done, total)
	})
	if err != nil {
		return describe(err)
	}
	if im.AlreadyImported {
		fmt.Fprintf(stdout, "%s was imported before: nothing changed\n", path)
		return nil
	}
	if im.Header.Full {
		fmt.Fprintf(stdout, "imported %s: entidad %s, full batch starting generation %s, %d records in place of what it had sent; next export: --desde %d\n",
			path, im.Entidad, im.Header.Generation, im.Header.Records, im.Watermark)
		return nil
	}
	fmt.Fprintf(stdout, "imported %s: entidad %s, batch %d, %d records, %d applied (the others were held in that version or a newer one); next export: --desde %d\n",
		path, im.Entidad, im.Header.Sequence, im.Header.Records, im.Applied, im.Watermark)
	return nil
}

func newFeedSigningKeyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "signing-key",
		Short: "give the key file a feed signing key if it has none, and print its public key",
		Long: "Adds an Ed25519 feed signing key to the key file (SINTRA_MASTER_KEY_FILE) when it has\n" +
			"none (key files made by `sintra keys generate` have one), and prints the line the national\n" +
			"instance adds to its trusted keys file: the entidad's code and the public key.",
		Args: cobra.NoArgs,
	}
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := validate(cfg); err != nil {
			return err
		}
		path, err := cfg.KeyFile()
		if err != nil {
			return err
		}
		pub, added, err := crypto.AddFeedSigningKey(path)
		if err != nil {
			return err
		}
		if added {
			fmt.Fprintf(cmd.ErrOrStderr(), "added a feed signing key to %s\n", path)
		}
		fmt.Fprintf(cmd.OutOrStdout(), "%s %s\n", cfg.Entidad, pub)
		return nil
	}
	return cmd
}

func newFeedEncryptionKeyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "encryption-key --salida FILE",
		Short: "make the national instance's identity, to which the states encrypt their batches",
		Long: "Writes a new age X25519 identity to FILE (readable by its owner only; an existing file is\n" +
			"never overwritten) and prints its recipient, which every state sets as\n" +
			"SINTRA_FEED_RECIPIENT. The national instance imports with --identidad FILE.",
		Args: cobra.NoArgs,
	}
	output := cmd.Flags().String("salida", "", "the identity file to write")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if *output == "" {
			return usageError(cmd, errors.New("feed encryption-key needs --salida"))
		}
		identity, recipient, err := feed.NewEncryptionKey()
		if err != nil {
			return err
		}
		f, err := os.OpenFile(*output, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		if _, err := f.WriteString(identity); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintln(cmd.OutOrStdout(), recipient)
		return nil
	}
	return cmd
}
