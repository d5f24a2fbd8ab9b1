package main

import (
	"context"
	"fmt"
	"io"

	"sintra/internal/audit"
	"sintra/internal/store"
)

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if err := requireAction(args, "audit", "verify", stderr); err != nil {
		return err
	}
	fs := newFlagSet("audit verify", "audit verify [flags]",
		"Walks every audit chain from its first event, recomputing each hash, and reports the\n"+
			"first broken link with its event id. Exits 1 on any break.", stderr)
	cfg, err := loadConfig(fs, args[1:], false)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	sess, err := openSession(ctx, cfg, log, false)
	if err != nil {
		return err
	}
	defer sess.Close()
	lastPercent := -1
	checked, brk, err := audit.Verify(ctx, store.New(sess.conn.pool), func(done, total int64) {
		if total == 0 {
			return
		}
		if p := int(done * 100 / total); p/10 != lastPercent/10 {
			lastPercent = p
			fmt.Fprintf(stderr, "verified %d of %d events (%d%%)\n", done, total, p)
		}
	})
	if err != nil {
		return err
	}
	if brk != nil {
		fmt.Fprintf(stdout, "BROKEN: event %d (chain %d, seq %d): %s\n", brk.EventID, brk.Chain, brk.Seq, brk.Problem)
		return fmt.Errorf("audit trail broken at event %d", brk.EventID)
	}
	fmt.Fprintf(stdout, "audit trail intact: %d events verified\n", checked)
	return nil
}
