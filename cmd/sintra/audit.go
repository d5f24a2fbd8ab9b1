package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"sintra/internal/audit"
)

const auditUsage = `Usage: sintra audit verify [flags]
       sintra audit checkpoint --signing-key PATH [flags]
       sintra audit signing-key --file PATH

Run ` + "`sintra audit ACTION --help`" + ` for the flags.`

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runAction("audit", auditUsage, args, stderr,
		action{"verify", func(args []string) error { return runAuditVerify(ctx, args, stdout, stderr) }},
		action{"checkpoint", func(args []string) error { return runAuditCheckpoint(ctx, args, stdout, stderr) }},
		action{"signing-key", func(args []string) error { return runAuditSigningKey(args, stdout, stderr) }})
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

func runAuditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("audit verify", "audit verify [flags]",
		"Walks every audit chain from its first event, recomputing each hash, and reports the\n"+
			"first broken link with its event id. With --checkpoint, it also checks that the trail\n"+
			"still holds the exact events a signed checkpoint pinned (which catches a trail\n"+
			"rewritten by someone with full control of the database). Exits 1 on any break.", stderr)
	checkpointPath := fs.String("checkpoint", "", "a checkpoint written by `sintra audit checkpoint`")
	publicKeyPath := fs.String("public-key", "", "the public key (.pub) of the key that signed the checkpoint")
	cfg, err := loadConfig(fs, args, false)
	if err != nil {
		return err
	}
	var checkpoint audit.Checkpoint
	var publicKey []byte
	if *checkpointPath != "" || *publicKeyPath != "" {
		if *checkpointPath == "" || *publicKeyPath == "" {
			return errors.New("--checkpoint and --public-key go together")
		}
		content, err := os.ReadFile(*checkpointPath)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(content, &checkpoint); err != nil {
			return fmt.Errorf("%s is not a checkpoint: %w", *checkpointPath, err)
		}
		if publicKey, err = audit.LoadPublicKey(*publicKeyPath); err != nil {
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

func runAuditCheckpoint(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("audit checkpoint", "audit checkpoint --signing-key PATH [flags] > checkpoint.json",
		"Verifies the whole audit trail and, when it is intact, writes to standard output a\n"+
			"checkpoint of every chain's head signed with the Ed25519 key at --signing-key. Keep\n"+
			"the key and the checkpoints away from the database server and its backups (the\n"+
			"auditor's custody); `sintra audit verify --checkpoint` later proves the trail still\n"+
			"holds those events. Exits 1, signing nothing, when the trail is broken.", stderr)
	keyPath := fs.String("signing-key", "", "the private key written by `sintra audit signing-key`")
	cfg, err := loadConfig(fs, args, false)
	if err != nil {
		return err
	}
	if *keyPath == "" {
		fs.Usage()
		return errors.New("audit checkpoint needs --signing-key")
	}
	key, err := audit.LoadSigningKey(*keyPath)
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

func runAuditSigningKey(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("audit signing-key", "audit signing-key --file PATH",
		"Writes a new Ed25519 key pair for audit checkpoints: the private key at PATH (mode\n"+
			"0600) and the public key at PATH.pub. It never overwrites a file. The private key\n"+
			"belongs to the auditor, never on the database server.", stderr)
	path := fs.String("file", "", "where to write the private key")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		fs.Usage()
		return errors.New("audit signing-key needs --file")
	}
	if err := audit.GenerateSigningKey(*path); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s and %s.pub\n", *path, *path)
	return nil
}
