package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"time"

	"golang.org/x/sync/errgroup"

	"sintra/internal/store/internal/db"
)

// Work is one part of what Alongside runs, given the Store to read with.
type Work func(ctx context.Context, tx *Store) error

// snapshotID is what an exported snapshot's name looks like
// ("00000003-0000001B-1").
var snapshotID = regexp.MustCompile(`^[0-9A-F]+(-[0-9A-F]+)+$`)

// laneWait is how long a lane waits for a connection of the pool before
// leaving its share to the others: never long, so that reports holding
// their own connections cannot wait on each other for more.
const laneWait = 250 * time.Millisecond

// Alongside runs every part of work within the snapshot of the read-only
// transaction s works in (Snapshot's), several at once: one on s's own
// connection, the others each on a connection of the pool whose
// transaction reads the snapshot s exported, limited to the rows s is
// limited to. The reports' periods count the same records apart, so they
// count them at once on as many processors as the machine has. A lane
// that gets no connection at once leaves its share to s's own, so a busy
// pool slows a report down but never stops it.
func (s *Store) Alongside(ctx context.Context, work ...Work) error {
	if s.committed == nil {
		return errors.New("store: reading alongside needs a snapshot transaction")
	}
	lanes := min(len(work), runtime.GOMAXPROCS(0), int(s.pool.Config().MaxConns)/2)
	if lanes <= 1 {
		for _, w := range work {
			if err := w(ctx, s); err != nil {
				return err
			}
		}
		return nil
	}
	from, err := s.q.ExportSnapshot(ctx)
	if err != nil {
		return mapError("export snapshot", err)
	}
	if !snapshotID.MatchString(from.Snapshot) {
		return fmt.Errorf("store: unexpected snapshot name %q", from.Snapshot)
	}
	next := make(chan Work, len(work))
	for _, w := range work {
		next <- w
	}
	close(next)
	g, gctx := errgroup.WithContext(ctx)
	for range lanes - 1 {
		g.Go(func() error { return s.lane(gctx, from, next) })
	}
	g.Go(func() error { return drain(gctx, s, next) })
	return g.Wait()
}

// drain runs the work left in next on tx, one after the other.
func drain(ctx context.Context, tx *Store, next <-chan Work) error {
	for w := range next {
		if err := w(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// lane runs work of next in a read-only transaction of its own that reads
// the snapshot exported as from, on a connection of the pool, if the pool
// gives one soon.
func (s *Store) lane(ctx context.Context, from db.ExportSnapshotRow, next <-chan Work) error {
	wait, cancel := context.WithTimeout(ctx, laneWait)
	conn, err := s.pool.Acquire(wait)
	cancel()
	if err != nil {
		return ctx.Err() // the pool is busy: the other lanes do this one's share
	}
	defer conn.Release()
	tx := &txConn{conn: conn, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", snapshot: from.Snapshot,
		settings: rowSettings{municipios: from.Municipios, institution: from.Institution}}
	inner := s.copy()
	inner.q, inner.committed = db.New(tx), &[]func(){}
	err = inner.q.SetReportMemory(ctx)
	if err == nil {
		err = drain(ctx, inner, next)
	}
	if err != nil {
		tx.rollback(ctx)
		return txError("snapshot alongside", err)
	}
	return txError("snapshot alongside", tx.commit(ctx))
}
