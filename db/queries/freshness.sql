-- name: WALPosition :one
-- Where the primary's write-ahead log stands now, and when: a replica that
-- has replayed up to this position holds every transaction committed by then.
SELECT pg_current_wal_lsn()::text AS lsn, now()::timestamptz AS at;

-- name: DataAsOf :one
-- The instant up to which this server holds every committed transaction:
-- now on a primary; on a replica, the primary's instant given when the
-- replica has replayed the primary's position given, else the commit time
-- of the last transaction it replayed, else its last restart point's.
SELECT (CASE
    WHEN NOT pg_is_in_recovery() THEN now()
    WHEN pg_last_wal_replay_lsn() >= sqlc.narg(primary_lsn)::text::pg_lsn THEN sqlc.narg(primary_at)::timestamptz
    ELSE coalesce(pg_last_xact_replay_timestamp(), (pg_control_checkpoint()).checkpoint_time)
END)::timestamptz AS as_of;
