package auth

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
)

// accountsChannel is where PostgreSQL announces every change to a
// session, an account or its roles, with the account's id
// (migrations/00019).
const accountsChannel = "sintra_cuentas"

// cachedFor bounds how long a cached session is trusted without being read
// again, should an announcement ever be missed.
const cachedFor = time.Minute

// The listening connection is known alive by a heartbeat the server
// announces to itself every heartbeatEvery; when none was heard for
// silentFor, the connection may have stalled without failing, and no
// kept session is trusted until one is heard again. Real time, not the
// services' clock: it measures the connection, not the records.
const (
	heartbeat      = "latido"
	heartbeatEvery = 2 * time.Second
	silentFor      = 3 * heartbeatEvery
)

// sessionCache keeps the sessions this server has authenticated, with
// their accounts and roles, so that a request costs no round trip to the
// database. It keeps them only while it listens to the announcements of
// changes: until then, and whenever listening stops, it keeps nothing and
// every request reads afresh.
type sessionCache struct {
	mu        sync.Mutex
	listening bool
	// generation counts the changes heard; a read that began before one
	// is not kept.
	generation uint64
	entries    map[uuid.UUID]cachedSession
	// heardAt is when the last announcement (or heartbeat) arrived.
	heardAt time.Time
}

type cachedSession struct {
	found  domain.SessionAccount
	readAt time.Time
}

func newSessionCache() *sessionCache {
	return &sessionCache{entries: map[uuid.UUID]cachedSession{}}
}

// get returns the cached session if it is fresh at now, and else the
// generation a read started now must be kept under.
func (c *sessionCache) get(id uuid.UUID, now time.Time) (domain.SessionAccount, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	if ok && fresh(e, now) && time.Since(c.heardAt) < silentFor {
		return e.found, true, c.generation
	}
	return domain.SessionAccount{}, false, c.generation
}

// put keeps a session read at now, unless a change was heard since the
// read began (generation) or nobody listens.
func (c *sessionCache) put(found domain.SessionAccount, now time.Time, generation uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.listening && generation == c.generation {
		for id, e := range c.entries {
			if !fresh(e, now) {
				delete(c.entries, id)
			}
		}
		c.entries[found.Session.ID] = cachedSession{found: found, readAt: now}
	}
}

// fresh says whether a session read at e.readAt may still be trusted at now.
func fresh(e cachedSession, now time.Time) bool {
	return now.Sub(e.readAt) < cachedFor && !now.Before(e.readAt)
}

// heard takes an announcement: a heartbeat, or a change to an account,
// whose sessions it drops (every session, when it names no account).
func (c *sessionCache) heard(account string) {
	c.mu.Lock()
	c.heardAt = time.Now()
	c.mu.Unlock()
	if account == heartbeat {
		return
	}
	id, err := uuid.Parse(account)
	if err != nil {
		id = uuid.Nil
	}
	c.forgetID(id)
}

// forgetID drops the session id, or the sessions of account id, after this
// process committed a change to it; uuid.Nil drops every session.
func (c *sessionCache) forgetID(id uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.generation++
	for sid, e := range c.entries {
		if id == uuid.Nil || sid == id || e.found.User.ID == id {
			delete(c.entries, sid)
		}
	}
}

// setListening starts or stops keeping sessions; either way it starts
// empty.
func (c *sessionCache) setListening(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listening = on
	c.generation++
	c.heardAt = time.Now()
	clear(c.entries)
}

// KeepsSessions says whether authenticated sessions are kept in memory now.
func (s *Service) KeepsSessions() bool {
	s.sessions.mu.Lock()
	defer s.sessions.mu.Unlock()
	return s.sessions.listening
}

// KeepSessions listens to the announcements of changes to sessions,
// accounts and roles until ctx ends, keeping authenticated sessions in
// memory while it hears them and its own heartbeat; when the connection
// fails it stops keeping them, logs why and listens again after a pause.
func (s *Service) KeepSessions(ctx context.Context) {
	go s.beat(ctx)
	for ctx.Err() == nil {
		err := s.store.Listen(ctx, accountsChannel, func() { s.sessions.setListening(true) }, s.sessions.heard)
		s.sessions.setListening(false)
		if ctx.Err() != nil {
			return
		}
		s.log.Warn("sessions are read from the database on every request until listening resumes", slog.Any("error", err))
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// beat announces the heartbeat every heartbeatEvery until ctx ends.
func (s *Service) beat(ctx context.Context) {
	tick := time.NewTicker(heartbeatEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := s.store.Announce(ctx, accountsChannel, heartbeat); err != nil && ctx.Err() == nil {
				s.log.Warn("could not announce the sessions' heartbeat", slog.Any("error", err))
			}
		}
	}
}
