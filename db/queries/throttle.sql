-- name: RecordLoginFailure :one
-- Counts a failure for key; failures older than the window start a new count.
INSERT INTO login_throttle (key, failures, last_failed_at) VALUES (@key, 1, @now::timestamptz)
ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN login_throttle.last_failed_at < (@now::timestamptz) - make_interval(secs => @window_seconds::int) THEN 1
                    ELSE login_throttle.failures + 1 END,
    last_failed_at = @now::timestamptz
RETURNING failures;

-- name: LockLogin :exec
UPDATE login_throttle SET locked_until = $2 WHERE key = $1;

-- name: GetLoginLocks :many
SELECT key, locked_until FROM login_throttle WHERE key = ANY(@keys::text[]) AND locked_until > @now::timestamptz;

-- name: ClearLoginFailures :exec
DELETE FROM login_throttle WHERE key = $1;
