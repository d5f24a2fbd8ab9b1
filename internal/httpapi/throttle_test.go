package httpapi_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"sintra/internal/clock"
	"sintra/internal/testapp"
)

// guessInParallel sends every login body at once and returns the statuses.
func (e *env) guessInParallel(t *testing.T, bodies []map[string]string) []int {
	t.Helper()
	statuses := make([]int, len(bodies))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, body := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			statuses[i] = e.do(t, "POST", "/api/v1/auth/login", "", body).status
		}()
	}
	close(start)
	wg.Wait()
	return statuses
}

// verifiedFailures counts the failed sign-ins that were checked: each one
// checked, and only those, leaves an audit event.
func (e *env) verifiedFailures(t *testing.T, reason string) int {
	t.Helper()
	var n int
	err := e.pool.QueryRow(context.Background(),
		"SELECT count(*) FROM audit_events WHERE action = 'sesion.fallida' AND reason_code = $1", reason).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestThrottling_ParallelWrongPasswordsAreCheckedNoMoreThanTheLockAllows(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		guesses  int
		accounts int
		reason   string
		allowed  int
	}{
		{"32 guesses at one account", 32, 1, "bad_password", 5},
		{"64 guesses at one account", 64, 1, "bad_password", 5},
		{"64 guesses at 64 accounts from one address", 64, 64, "unknown_user", 20},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.addUser(t, "cuenta-0", "CEAVEQROO")
			bodies := make([]map[string]string, tt.guesses)
			for i := range bodies {
				bodies[i] = map[string]string{"username": fmt.Sprintf("cuenta-%d", i%tt.accounts), "password": fmt.Sprintf("adivinanza-%d", i)}
			}
			for _, status := range e.guessInParallel(t, bodies) {
				if status != 401 && status != 429 {
					t.Fatalf("a wrong password got %d", status)
				}
			}
			if n := e.verifiedFailures(t, "bad_password") + e.verifiedFailures(t, "unknown_user"); n > tt.allowed {
				t.Errorf("%d of %d parallel guesses were checked, want at most %d", n, tt.guesses, tt.allowed)
			}
		})
	}
}

func TestThrottling_ParallelWrongCodesAreCheckedNoMoreThanTheLockAllows(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "admin", "SEGOB", role("admin", "*"))
	secret := e.enrolTOTP(t, e.login(t, "admin", testPassword).AccessToken)

	// Codes that are none of those valid within a step of now.
	valid := map[string]bool{}
	for _, d := range []time.Duration{-time.Minute, -30 * time.Second, 0, 30 * time.Second, time.Minute} {
		code, _ := totp.GenerateCode(secret, time.Now().Add(d))
		valid[code] = true
	}
	var bodies []map[string]string
	for i := 0; len(bodies) < 24; i++ {
		if code := fmt.Sprintf("%06d", i); !valid[code] {
			bodies = append(bodies, map[string]string{"username": "admin", "password": testPassword, "totp_code": code})
		}
	}
	for _, status := range e.guessInParallel(t, bodies) {
		if status != 401 && status != 429 {
			t.Fatalf("a wrong code got %d", status)
		}
	}
	if n := e.verifiedFailures(t, "bad_second_factor"); n > 5 {
		t.Errorf("%d of 24 parallel codes were checked, want at most 5", n)
	}
}

func TestThrottling_PasswordWithoutCodeKeepsEarlierFailuresAndAddsNone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "admin", "SEGOB", role("admin", "*"))
	e.enrolTOTP(t, e.login(t, "admin", testPassword).AccessToken)
	login := func(password string) int {
		return e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": password}).status
	}
	for i := range 4 {
		if status := login("adivinanza equivocada"); status != 401 {
			t.Fatalf("failure %d: %d", i+1, status)
		}
	}
	// The right password without a code asks for the code, as often as
	// asked, and counts no failure...
	for range 3 {
		if res := e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": testPassword}); res.status != 401 ||
			!strings.Contains(string(res.body), `"code":"mfa_required"`) {
			t.Fatalf("right password without a code: %d %s", res.status, res.body)
		}
	}
	// ...nor forgets the four before it: the fifth failure locks.
	if status := login("adivinanza equivocada"); status != 401 {
		t.Fatalf("fifth failure: %d", status)
	}
	if status := login(testPassword); status != 429 {
		t.Errorf("after five failures: %d, want 429", status)
	}
}

func TestThrottling_SuccessfulSignInsDoNotLockTheirAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana.lopez", "CEAVEQROO")
	// An office behind one address: many sign-ins, a few failures among them.
	for i := range 30 {
		if i%10 == 0 {
			e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "ana.lopez", "password": "adivinanza equivocada"})
		}
		e.login(t, "ana.lopez", testPassword)
	}
}

// enrolTOTP turns on the second factor of the session's account and
// returns its secret.
func (e *env) enrolTOTP(t *testing.T, token string) string {
	t.Helper()
	res := e.do(t, "POST", "/api/v1/auth/totp", token, nil)
	var enrolment struct{ Secret string }
	res.json(t, &enrolment)
	code, _ := totp.GenerateCode(enrolment.Secret, time.Now())
	if res = e.do(t, "POST", "/api/v1/auth/totp/confirmacion", token, map[string]string{"code": code}); res.status != 200 {
		t.Fatalf("confirm the second factor: %d %s", res.status, res.body)
	}
	return enrolment.Secret
}

// Once an account's lock reached its longest, it stays there: the failures
// are counted over a day, longer than any lock, so a lock that ends does
// not give a guesser a fresh run of free guesses. Over a day a guesser gets
// the first ten failures and then one for each longest lock.
func TestThrottling_AccountLockStaysAtItsLongestOnceItEnds(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	clk := clock.Func(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	wait := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	e := newEnv(t, testapp.WithClock(clk), lenientAddresses)
	e.addUser(t, "ana.lopez", "CEAVEQROO")
	bad := map[string]string{"username": "ana.lopez", "password": "adivinanza equivocada"}

	const day, longest = 24 * time.Hour, 15 * time.Minute
	checked := 0
	for waited := time.Duration(0); waited < day; {
		res := e.do(t, "POST", "/api/v1/auth/login", "", bad)
		switch res.status {
		case 401:
			checked++
		case 429:
			seconds, err := strconv.Atoi(res.header.Get("Retry-After"))
			if err != nil || seconds <= 0 {
				t.Fatalf("a lock without its Retry-After: %q", res.header.Get("Retry-After"))
			}
			// A guesser comes back a moment after the lock ends.
			pause := time.Duration(seconds)*time.Second + time.Second
			wait(pause)
			waited += pause
		default:
			t.Fatalf("a wrong password got %d %s", res.status, res.body)
		}
	}
	if most := 10 + int(day/longest); checked > most {
		t.Errorf("%d wrong passwords checked against one account in a day, want at most %d", checked, most)
	}
}

// Changing one's password checks the current one: a stolen session must
// not make that check an unthrottled way to guess it. Wrong current
// passwords count against the account as failed sign-ins do.
func TestChangePassword_WrongCurrentPasswordsLockTheAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t, lenientAddresses)
	e.addUser(t, "ana.lopez", "CEAVEQROO")
	token := e.login(t, "ana.lopez", testPassword).AccessToken
	change := func(current string) response {
		return e.do(t, "POST", "/api/v1/auth/password", token,
			map[string]string{"current_password": current, "new_password": "otra-frase-larga-paloma-93"})
	}
	for i := range 5 {
		if res := change(fmt.Sprintf("adivinanza-%d", i)); res.status != 400 || !strings.Contains(string(res.body), "current_password") {
			t.Fatalf("wrong current password %d: %d %s", i+1, res.status, res.body)
		}
	}
	if res := change(testPassword); res.status != 429 || res.header.Get("Retry-After") == "" {
		t.Errorf("after five wrong current passwords the right one got %d %s, want 429", res.status, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "ana.lopez", "password": testPassword}); res.status != 429 {
		t.Errorf("signing in after five wrong current passwords: %d, want 429", res.status)
	}
	if strings.Contains(e.log.String(), "adivinanza") {
		t.Errorf("a guessed password reached the log")
	}
}

// TestThrottling_ForgetsTheKeysNoAttemptCameUnderForADay: the usernames
// typed and the client addresses seen at sign-in are kept while they
// count, not for ever.
func TestThrottling_ForgetsTheKeysNoAttemptCameUnderForADay(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	clk := clock.Func(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	e := newEnv(t, testapp.WithClock(clk), lenientAddresses)
	kept := func(key string) bool {
		t.Helper()
		var n int
		if err := e.pool.QueryRow(context.Background(), "SELECT count(*) FROM login_throttle WHERE key = $1", key).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	failAfter := func(wait time.Duration, username string) {
		t.Helper()
		mu.Lock()
		now = now.Add(wait)
		mu.Unlock()
		e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": "adivinanza equivocada"})
	}
	failAfter(0, "maria.tecleada")
	if !kept("cuenta:maria.tecleada") {
		t.Fatal("a failed sign-in was not counted")
	}
	failAfter(23*time.Hour, "otra.persona")
	if !kept("cuenta:maria.tecleada") {
		t.Error("a username typed 23 hours ago was forgotten while its count still holds")
	}
	failAfter(2*time.Hour, "otra.persona")
	if kept("cuenta:maria.tecleada") {
		t.Error("a username typed 25 hours ago is still kept")
	}
	if !kept("cuenta:otra.persona") {
		t.Error("the last attempt's count was forgotten")
	}
}
