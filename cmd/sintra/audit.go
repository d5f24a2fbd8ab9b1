package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"sintra/internal/audit"
	"sintra/internal/config"
)

func newAuditCommand() *cobra.Command {
	return newGroupCommand("audit", "verify the audit trail, or sign a checkpoint of it: audit verify|checkpoint|signing-key",
		newAuditVerifyCommand(), newAuditCheckpointCommand(), newAuditSigningKeyCommand())
}

// verifyProgress prints the walk's progress every tenth.
func verifyProgress(stderr io.Writer) func(done, total int64) {
	lastPercent := -1
	return func(done, total int64) {
		if total == 0 {
			return
		}
		if p := int(done * 100 / total); p/10 != lastPercent/10 {
			lastPercent = p
			fmt.Fprintf(stderr, "verified %d of %d events (%d%%)\n", done, total, p)
		}
	}
}

func reportBreak(stdout io.Writer, brk *audit.Break) error {
	fmt.Fprintf(stdout, "BROKEN: event %d (chain %d, seq %d): %s\n", brk.EventID, brk.Chain, brk.Seq, brk.Problem)
	return fmt.Errorf("audit trail broken at event %d", brk.EventID)
}

func newAuditVerifyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "walk every audit chain and report the first broken link",
		Long: "Walks every audit chain from its first event, recomputing each hash, and reports the\n" +
			"first broken link with its event id. With --checkpoint, it also checks that the trail\n" +
			"still holds the exact events a signed checkpoint pinned (which catches a trail\n" +
			"rewritten by someone with full control of the database). Exits 1 on any break.",
		Args: cobra.NoArgs,
	}
	checkpointPath := cmd.Flags().String("checkpoint", "", "a checkpoint written by 'sintra audit checkpoint'")
	publicKeyPath := cmd.Flags().String("public-key", "", "the public key (.pub) of the key that signed the checkpoint")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return runAuditVerify(cmd.Context(), cfg, *checkpointPath, *publicKeyPath, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

func runAuditVerify(ctx context.Context, cfg *config.Config, checkpointPath, publicKeyPath string, stdout, stderr io.Writer) error {
	if err := validate(cfg); err != nil {
		return err
	}
	var checkpoint audit.Checkpoint
	var publicKey []byte
	if checkpointPath != "" || publicKeyPath != "" {
		if checkpointPath == "" || publicKeyPath == "" {
			return errors.New("--checkpoint and --public-key go together")
		}
		content, err := os.ReadFile(checkpointPath)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(content, &checkpoint); err != nil {
			return fmt.Errorf("%s is not a checkpoint: %w", checkpointPath, err)
		}
		if publicKey, err = audit.LoadPublicKey(publicKeyPath); err != nil {
			return err
		}
	}
	sess, err := openSession(ctx, cfg, newLogger(cfg, stderr), false)
	if err != nil {
		return err
	}
	defer sess.Close()
	st := sess.conn.store
	checked, brk, err := audit.Verify(ctx, st, verifyProgress(stderr))
	if err != nil {
		return err
	}
	if brk != nil {
		return reportBreak(stdout, brk)
	}
	fmt.Fprintf(stdout, "audit trail intact: %d events verified\n", checked)
	if publicKey == nil {
		return nil
	}
	if brk, err = audit.VerifyCheckpoint(ctx, st, checkpoint, publicKey); err != nil {
		return err
	}
	if brk != nil {
		return reportBreak(stdout, brk)
	}
	fmt.Fprintf(stdout, "the trail holds the %d events of the checkpoint of %s\n",
		checkpoint.Events(), checkpoint.CreatedAt.Format(time.RFC3339))
	return nil
}

func newAuditCheckpointCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "checkpoint --signing-key PATH [flags] > checkpoint.json",
		Short: "verify the trail and sign a checkpoint of every chain's head",
		Long: "Verifies the whole audit trail and, when it is intact, writes to standard output a\n" +
			"checkpoint of every chain's head signed with the Ed25519 key at --signing-key. Keep\n" +
			"the key and the checkpoints away from the database server and its backups (the\n" +
			"auditor's custody); 'sintra audit verify --checkpoint' later proves the trail still\n" +
			"holds those events. Exits 1, signing nothing, when the trail is broken.",
		Args: cobra.NoArgs,
	}
	keyPath := cmd.Flags().String("signing-key", "", "the private key written by 'sintra audit signing-key'")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := validate(cfg); err != nil {
			return err
		}
		if *keyPath == "" {
			return usageError(cmd, errors.New("audit checkpoint needs --signing-key"))
		}
		return runAuditCheckpoint(cmd.Context(), cfg, *keyPath, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

func runAuditCheckpoint(ctx context.Context, cfg *config.Config, keyPath string, stdout, stderr io.Writer) error {
	key, err := audit.LoadSigningKey(keyPath)
	if err != nil {
		return err
	}
	sess, err := openSession(ctx, cfg, newLogger(cfg, stderr), false)
	if err != nil {
		return err
	}
	defer sess.Close()
	c, brk, err := audit.MakeCheckpoint(ctx, sess.conn.store, key, cfg.Clock().Now(), verifyProgress(stderr))
	if err != nil {
		return err
	}
	if brk != nil {
		return reportBreak(stdout, brk)
	}
	content, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", content)
	fmt.Fprintf(stderr, "signed a checkpoint of %d events\n", c.Events())
	return nil
}

func newAuditSigningKeyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "signing-key --file PATH",
		Short: "write a new Ed25519 key pair for audit checkpoints",
		Long: "Writes a new Ed25519 key pair for audit checkpoints: the private key at PATH (mode\n" +
			"0600) and the public key at PATH.pub. It never overwrites a file. The private key\n" +
			"belongs to the auditor, never on the database server.",
		Args: cobra.NoArgs,
	}
	path := cmd.Flags().String("file", "", "where to write the private key")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if *path == "" {
			return usageError(cmd, errors.New("audit signing-key needs --file"))
		}
		if err := audit.GenerateSigningKey(*path); err != nil {
			return err
		}
		fmt.Fprintf(cmd.OutOrStdout(), "wrote %s and %s.pub\n", *path, *path)
		return nil
	}
	return cmd
}
