package httpapi_test

import (
	"testing"
	"time"

	"sintra/internal/clock"
	"sintra/internal/testapp"
)

// At 23:30 in Cancún it is already the next day in UTC. Every date the API
// takes or gives is Quintana Roo's: today's date is accepted, tomorrow's is
// refused, and what is dated by default is dated today.
func TestDates_FollowQuintanaRoosCalendarLateInTheEvening(t *testing.T) {
	t.Parallel()
	e := newEnv(t, testapp.WithClock(clock.Fixed(time.Date(2025, 6, 15, 4, 30, 0, 0, time.UTC))))
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	ceav := e.login(t, "ceav", testPassword).AccessToken

	var today struct {
		Today, Now string
		TimeZone   string `json:"time_zone"`
	}
	e.do(t, "GET", "/api/v1/fecha", ceav, nil).json(t, &today)
	if today.Today != "2025-06-14" || today.Now != "2025-06-15T04:30:00Z" || today.TimeZone != "America/Cancun" {
		t.Fatalf("the server's date: %+v, want 2025-06-14 at 2025-06-15T04:30:00Z in America/Cancun", today)
	}

	register := func(consentOn string) response {
		return e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
			"attributes": map[string]any{"sex": "mujer"}, "personal": map[string]any{"given_names": "Noemí " + consentOn},
			"consents": []map[string]any{{"kind": "compartir_instituciones", "granted": true, "given_on": consentOn}}})
	}
	if res := register("2025-06-15"); res.status != 400 {
		t.Errorf("a consent dated Cancún's tomorrow: %d %s, want 400", res.status, res.body)
	}
	res := register("2025-06-14")
	if res.status != 201 {
		t.Fatalf("a consent dated Cancún's today: %d %s", res.status, res.body)
	}
	var v struct {
		ID         string
		Attributes struct {
			IdentifiedOn string `json:"identified_on"`
		}
		Consents []struct {
			RecordedAt string `json:"recorded_at"`
		}
	}
	res.json(t, &v)
	if v.Attributes.IdentifiedOn != "2025-06-14" || len(v.Consents) != 1 || v.Consents[0].RecordedAt != "2025-06-15T04:30:00Z" {
		t.Errorf("registered: identified %s, consents %+v", v.Attributes.IdentifiedOn, v.Consents)
	}

	service := func(on string) response {
		return e.do(t, "POST", "/api/v1/victimas/"+v.ID+"/servicios", ceav, map[string]any{"type": "alimentos", "provided_on": on, "quantity": 2})
	}
	if res := service("2025-06-15"); res.status != 400 {
		t.Errorf("a service dated Cancún's tomorrow: %d %s, want 400", res.status, res.body)
	}
	if res := service("2025-06-14"); res.status != 201 {
		t.Errorf("a service dated Cancún's today: %d %s", res.status, res.body)
	}

	res = e.do(t, "POST", "/api/v1/canalizaciones", ceav, map[string]any{"victim_id": v.ID, "to": "IQM", "service_type": "alojamiento"})
	var c struct {
		SentOn string `json:"sent_on"`
	}
	res.json(t, &c)
	if res.status != 201 || c.SentOn != "2025-06-14" {
		t.Errorf("a canalización sent without a date: %d, sent on %q, want 2025-06-14", res.status, c.SentOn)
	}
}
