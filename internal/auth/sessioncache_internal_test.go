package auth

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
)

// A kept session is trusted only while announcements are heard: a
// listening connection that stalls without failing stops the trust once
// its heartbeat goes silent, and a heartbeat forgets no session.
func TestSessionCache_TrustsOnlyWhileTheHeartbeatIsHeard(t *testing.T) {
	c := newSessionCache()
	c.setListening(true)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	found := domain.SessionAccount{Session: domain.Session{ID: uuid.New()}, User: domain.User{ID: uuid.New()}}
	_, _, generation := c.get(found.Session.ID, now)
	c.put(found, now, generation)
	c.heard(heartbeat)
	if _, kept, _ := c.get(found.Session.ID, now.Add(time.Second)); !kept {
		t.Fatal("a session was not kept while the heartbeat was heard")
	}
	c.mu.Lock()
	c.heardAt = time.Now().Add(-silentFor)
	c.mu.Unlock()
	if _, kept, _ := c.get(found.Session.ID, now.Add(time.Second)); kept {
		t.Error("a session was trusted with the heartbeat silent")
	}
	c.heard(heartbeat)
	if _, kept, _ := c.get(found.Session.ID, now.Add(2*time.Second)); !kept {
		t.Error("the heartbeat forgot a session, or trust did not come back with it")
	}
	if _, kept, _ := c.get(found.Session.ID, now.Add(cachedFor)); kept {
		t.Error("a session was kept past cachedFor")
	}
	c.heard(found.User.ID.String())
	if _, kept, _ := c.get(found.Session.ID, now.Add(3*time.Second)); kept {
		t.Error("a change to the account left its session kept")
	}
}
