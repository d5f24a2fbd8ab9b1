-- name: EnsureLoginThrottle :exec
-- Gives key a row to lock, with nothing counted yet.
INSERT INTO login_throttle (key, failures, last_failed_at) VALUES (@key, 0, @now::timestamptz)
ON CONFLICT (key) DO NOTHING;

-- name: LockLoginThrottle :one
-- Locks key's row until the transaction ends: attempts under one key are
-- counted one after another.
SELECT failures, last_failed_at, locked_until FROM login_throttle WHERE key = @key FOR UPDATE;

-- name: SetLoginThrottle :exec
UPDATE login_throttle SET failures = @failures, last_failed_at = @now::timestamptz, locked_until = @locked_until
WHERE key = @key;

-- name: ReturnLoginAttempt :exec
-- Gives back one attempt counted under key, and lifts the lock that
-- attempt set, if it set one.
UPDATE login_throttle SET failures = GREATEST(failures - 1, 0),
    locked_until = CASE WHEN @unlock::bool THEN NULL ELSE locked_until END
WHERE key = @key;

-- name: ClearLoginFailures :exec
DELETE FROM login_throttle WHERE key = $1;

-- name: ForgetIdleLoginThrottle :exec
-- Forgets, a hundred at a time, the keys (usernames typed, client
-- addresses) no attempt came under since @before and that lock nothing:
-- their count would start again anyway, and they are kept no longer than
-- they serve.
DELETE FROM login_throttle WHERE key IN (
    SELECT key FROM login_throttle
    WHERE last_failed_at < @before::timestamptz AND (locked_until IS NULL OR locked_until < @now::timestamptz)
    LIMIT 100 FOR UPDATE SKIP LOCKED);
