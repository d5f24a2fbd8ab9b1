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
	if ok && now.Sub(e.readAt) < cachedFor && !now.Before(e.readAt) {
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
		c.entries[found.Session.ID] = cachedSession{found: found, readAt: now}
	}
}

// forget drops the sessions of an account after a change to it was
// announced (every session, when the announcement names no id).
func (c *sessionCache) forget(account string) {
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
// memory while it does; when the connection fails it stops keeping them,
// logs why and listens again after a pause.
func (s *Service) KeepSessions(ctx context.Context) {
	for ctx.Err() == nil {
		err := s.store.Listen(ctx, accountsChannel, func() { s.sessions.setListening(true) }, s.sessions.forget)
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
