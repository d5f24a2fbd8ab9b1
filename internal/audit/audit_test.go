package audit_test

import (
	"context"
	"errors"
	"fmt"
	"sintra/internal/domain"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"

	"sintra/internal/audit"
	"sintra/internal/clock"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

type fixture struct {
	app, owner *pgxpool.Pool
	store      *store.Store
	rec        *audit.Recorder
}

// newFixture opens a database with a pool of conns connections (0: the
// default). With one connection every event lands in one chain, in the
// order written, which the tampering tests rely on; with more than the 8
// chains, connections share chains and wait for each other's heads.
func newFixture(t *testing.T, rules audit.Rules, conns int) *fixture {
	t.Helper()
	db := testdb.New(t)
	url := db.AppURL
	if conns > 0 {
		url += fmt.Sprintf("&pool_max_conns=%d", conns)
	}
	app := testdb.Pool(t, url)
	return &fixture{app: app, owner: testdb.Pool(t, db.OwnerURL), store: store.New(app), rec: audit.NewRecorder(rules, clock.Wall(), sealed.Texts{})}
}

var actor = audit.Actor{UserID: uuid.New(), Username: "ana.lopez", Institution: "CEAVEQROO", Roles: []string{"capturista@23005"}}

// record appends n events in their own transactions and returns their ids in order.
func (f *fixture) record(t *testing.T, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		err := f.store.Tx(ctx, func(tx *store.Store) error {
			return f.rec.Record(ctx, tx, actor, audit.Event{Action: "usuario.crear", RecordType: "usuario", RecordID: fmt.Sprint(i)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var ids []int64
	rows, _ := f.app.Query(ctx, "SELECT id FROM audit_events ORDER BY chain, seq")
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids
}

func (f *fixture) count(t *testing.T, sql string) int {
	t.Helper()
	var n int
	if err := f.app.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRecord_TheChangeAndItsEventCommitOrRollBackTogether(t *testing.T) {
	t.Parallel()
	f := newFixture(t, audit.DefaultRules(), 1)
	ctx := context.Background()
	change := func(tx *store.Store, username string) error {
		u, err := tx.CreateUser(ctx, domain.NewUser{Username: username, DisplayName: "X", Institution: "IQM", PasswordHash: "h"})
		if err != nil {
			return err
		}
		return f.rec.Record(ctx, tx, actor, audit.Event{Action: "usuario.crear", RecordType: "usuario", RecordID: u.ID.String()})
	}
	if err := f.store.Tx(ctx, func(tx *store.Store) error { return change(tx, "se.queda") }); err != nil {
		t.Fatal(err)
	}
	failure := errors.New("a later step failed")
	err := f.store.Tx(ctx, func(tx *store.Store) error {
		if err := change(tx, "se.deshace"); err != nil {
			return err
		}
		return failure
	})
	if !errors.Is(err, failure) {
		t.Fatalf("err = %v", err)
	}
	if n := f.count(t, "SELECT count(*) FROM users"); n != 1 {
		t.Errorf("%d users, want the committed one only", n)
	}
	if n := f.count(t, "SELECT count(*) FROM audit_events"); n != 1 {
		t.Errorf("%d events, want the committed change's only", n)
	}
	if _, brk, err := audit.Verify(ctx, f.store, nil); err != nil || brk != nil {
		t.Errorf("chain after a rollback: %v %v", brk, err)
	}
}

func TestAppRole_CannotChangeOrRemoveAuditEvents(t *testing.T) {
	t.Parallel()
	f := newFixture(t, audit.DefaultRules(), 1)
	f.record(t, 3)
	for _, stmt := range []string{
		"UPDATE audit_events SET action = 'nada'",
		"DELETE FROM audit_events",
		"TRUNCATE audit_events",
		"UPDATE audit_findings SET count = 0",
	} {
		if _, err := f.app.Exec(context.Background(), stmt); err == nil {
			t.Errorf("application role could run %q", stmt)
		}
	}
	// Not even the owner gets past the trigger without disabling it first.
	if _, err := f.owner.Exec(context.Background(), "DELETE FROM audit_events"); err == nil {
		t.Error("the owner deleted audit events with the trigger in place")
	}
	if n := f.count(t, "SELECT count(*) FROM audit_events"); n != 3 {
		t.Errorf("%d events left, want 3", n)
	}
}

func TestVerify_FindsTheEventWhereTheChainBreaks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// tamper breaks the chain (as the owner, triggers off) and returns
		// the index, in chain order, of the event verify must name.
		tamper func(ids []int64) (sql string, want int)
	}{
		{"altered event", func(ids []int64) (string, int) {
			return fmt.Sprintf("UPDATE audit_events SET record_id = 'otro' WHERE id = %d", ids[7]), 7
		}},
		{"altered time", func(ids []int64) (string, int) {
			return fmt.Sprintf("UPDATE audit_events SET occurred_at = occurred_at - interval '1 day' WHERE id = %d", ids[3]), 3
		}},
		{"deleted event", func(ids []int64) (string, int) {
			return fmt.Sprintf("DELETE FROM audit_events WHERE id = %d", ids[5]), 6
		}},
		{"deleted last event", func(ids []int64) (string, int) {
			return fmt.Sprintf("DELETE FROM audit_events WHERE id = %d", ids[len(ids)-1]), len(ids) - 2
		}},
		{"reordered events", func(ids []int64) (string, int) {
			return fmt.Sprintf(`UPDATE audit_events SET seq = -seq WHERE id IN (%d, %d);
				UPDATE audit_events SET seq = CASE WHEN id = %d THEN -seq + 1 ELSE -seq - 1 END WHERE id IN (%d, %d)`,
				ids[10], ids[11], ids[10], ids[10], ids[11]), 11
		}},
		{"altered hash to match altered content", func(ids []int64) (string, int) {
			return fmt.Sprintf("UPDATE audit_events SET action = 'x', hash = sha256(hash) WHERE id = %d", ids[4]), 4
		}},
		{"renumbered event", func(ids []int64) (string, int) {
			return fmt.Sprintf("UPDATE audit_events SET id = id + 1000 WHERE id = %d", ids[14]), 14
		}},
		{"altered hash version", func(ids []int64) (string, int) {
			return fmt.Sprintf("UPDATE audit_events SET hash_version = 1 WHERE id = %d", ids[6]), 6
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, audit.DefaultRules(), 1)
			ids := f.record(t, 15)
			ctx := context.Background()
			if _, brk, err := audit.Verify(ctx, f.store, nil); err != nil || brk != nil {
				t.Fatalf("intact chain: %v %v", brk, err)
			}
			sql, want := tt.tamper(ids)
			if _, err := f.owner.Exec(ctx, "ALTER TABLE audit_events DISABLE TRIGGER USER; "+sql+"; ALTER TABLE audit_events ENABLE TRIGGER USER"); err != nil {
				t.Fatal(err)
			}
			_, brk, err := audit.Verify(ctx, f.store, nil)
			if err != nil {
				t.Fatal(err)
			}
			if brk == nil || (brk.EventID != ids[want] && brk.EventID != ids[want]+1000) {
				t.Fatalf("break = %+v, want event %d", brk, ids[want])
			}
		})
	}
}

// TestVerify_AcceptsEventsHashedByTheApplicationBeforeTheDatabase: a trail
// begun when the application hashed its events (version 1) goes on with
// events the database hashes (version 2), and verifies whole.
func TestVerify_AcceptsEventsHashedByTheApplicationBeforeTheDatabase(t *testing.T) {
	t.Parallel()
	f := newFixture(t, audit.DefaultRules(), 1)
	ctx := context.Background()
	var legacy int64
	err := f.store.Tx(ctx, func(tx *store.Store) error {
		head, err := tx.LockAuditChainHead(ctx)
		if err != nil {
			return err
		}
		e := domain.AuditEvent{ID: head.NextID, Chain: head.Chain, Seq: head.Seq + 1, PrevHash: head.Hash, HashVersion: 1,
			OccurredAt: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), Username: "ana.lopez", Roles: []string{},
			Action: "usuario.crear", RecordType: "usuario", RecordID: "1", Outcome: audit.OK, Detail: "registro anterior"}
		e.Hash, legacy = audit.Hash(e), e.ID
		return tx.InsertAuditEvents(ctx, []domain.AuditEvent{e})
	})
	if err != nil {
		t.Fatal(err)
	}
	f.record(t, 3)
	var versions []int16
	if err := f.owner.QueryRow(ctx, "SELECT array_agg(hash_version ORDER BY id) FROM audit_events").Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(versions) != "[1 2 2 2]" {
		t.Fatalf("hash versions %v, want the legacy event's 1 and then 2", versions)
	}
	if n, brk, err := audit.Verify(ctx, f.store, nil); err != nil || brk != nil || n != 4 {
		t.Fatalf("a trail of both versions: %d events, %v %v", n, brk, err)
	}
	if _, err := f.owner.Exec(ctx, fmt.Sprintf("ALTER TABLE audit_events DISABLE TRIGGER USER; UPDATE audit_events SET detail = 'otro' WHERE id = %d; ALTER TABLE audit_events ENABLE TRIGGER USER", legacy)); err != nil {
		t.Fatal(err)
	}
	if _, brk, err := audit.Verify(ctx, f.store, nil); err != nil || brk == nil || brk.EventID != legacy {
		t.Fatalf("an altered legacy event: %+v %v", brk, err)
	}
}

func TestConcurrentWriters_FormChainsThatVerify(t *testing.T) {
	t.Parallel()
	// 24 connections on 8 chains: writers queue on shared heads, and each
	// must still draw its id after the one it waited for.
	f := newFixture(t, audit.DefaultRules(), 24)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 24)
	for w := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				err := f.store.Tx(ctx, func(tx *store.Store) error {
					if err := f.rec.Record(ctx, tx, actor, audit.Event{Action: "prueba.escribir", RecordID: fmt.Sprintf("%d-%d", w, i)}); err != nil {
						return err
					}
					// Two events in one transaction stay together and in order.
					return f.rec.Record(ctx, tx, actor, audit.Event{Action: "prueba.confirmar", RecordID: fmt.Sprintf("%d-%d", w, i)})
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var progressCalls int
	checked, brk, err := audit.Verify(ctx, f.store, func(done, total int64) { progressCalls++ })
	if err != nil || brk != nil || checked != 24*40*2 {
		t.Fatalf("verify: checked %d, break %v, err %v", checked, brk, err)
	}
	if progressCalls == 0 {
		t.Error("no progress reported")
	}
}

func TestRecordMany_AppendsARunInOrderBesideSingleWriters(t *testing.T) {
	t.Parallel()
	f := newFixture(t, audit.DefaultRules(), 0)
	ctx := context.Background()
	var g errgroup.Group
	for w := range 4 {
		g.Go(func() error {
			for i := range 20 {
				err := f.store.Tx(ctx, func(tx *store.Store) error {
					if w%2 == 0 {
						return f.rec.Record(ctx, tx, actor, audit.Event{Action: "prueba.escribir", RecordID: fmt.Sprintf("%d-%d", w, i)})
					}
					var run []audit.Event
					for k := range 5 {
						run = append(run, audit.Event{Action: "prueba.lote", RecordID: fmt.Sprintf("%d-%d-%d", w, i, k)})
					}
					return f.rec.RecordMany(ctx, tx, actor, run)
				})
				if err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	checked, brk, err := audit.Verify(ctx, f.store, nil)
	if err != nil || brk != nil || checked != 2*20+2*20*5 {
		t.Fatalf("verify: checked %d, break %v, err %v", checked, brk, err)
	}
	// Each run sits in one chain, in order, with ids growing along it.
	rows, err := f.app.Query(ctx, `SELECT record_id FROM audit_events WHERE action = 'prueba.lote' ORDER BY chain, seq`)
	if err != nil {
		t.Fatal(err)
	}
	recordIDs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(recordIDs); i += 5 {
		prefix := recordIDs[i][:strings.LastIndex(recordIDs[i], "-")]
		for k := range 5 {
			if recordIDs[i+k] != fmt.Sprintf("%s-%d", prefix, k) {
				t.Fatalf("run out of order: %v", recordIDs[i:i+5])
			}
		}
	}
	if n := f.count(t, `SELECT count(*) FROM (SELECT id < lead(id) OVER (PARTITION BY chain ORDER BY seq) AS grows FROM audit_events) s WHERE NOT grows`); n != 0 {
		t.Fatalf("%d events with an id lower than the one before them in their chain", n)
	}
}

func TestRules_FlagAUserWhoReadsTooManyVictimsInAnHour(t *testing.T) {
	t.Parallel()
	rules := audit.DefaultRules()
	rules.MaxRecordsPerHour = 3
	f := newFixture(t, rules, 1)
	ctx := context.Background()
	read := func(who audit.Actor, victim string) {
		err := f.store.Tx(ctx, func(tx *store.Store) error {
			return f.rec.Record(ctx, tx, who, audit.Event{Action: "victima.consultar", RecordType: "victima", RecordID: victim,
				Reason: audit.Reason{Code: "seguimiento_caso"}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for range 5 {
		read(actor, "v1") // the same víctima again and again is not unusual
	}
	other := audit.Actor{UserID: uuid.New(), Username: "otra"}
	for i := range 3 {
		read(other, fmt.Sprint("w", i))
	}
	if n := f.count(t, "SELECT count(*) FROM audit_findings"); n != 0 {
		t.Fatalf("%d findings at or under the threshold", n)
	}
	for i := range 4 {
		read(actor, fmt.Sprint("v", i+2))
	}
	findings, err := f.store.Findings(ctx, domain.Scope{AllMunicipios: true}, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 1 || findings[0].UserID.UUID != actor.UserID || findings[0].Rule != audit.RuleManyReads || findings[0].Count != 4 {
		t.Fatalf("findings: %+v", findings)
	}
	if findings[0].WindowEnd.Sub(findings[0].WindowStart) != time.Hour {
		t.Errorf("window %v – %v", findings[0].WindowStart, findings[0].WindowEnd)
	}
}
