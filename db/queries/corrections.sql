-- name: InsertCorrection :exec
INSERT INTO corrections (record_type, record_id, kind, version, reason_code, reason_enc, previous, previous_enc, by_user, by_institution, at)
VALUES (@record_type, @record_id, @kind, @version, @reason_code, @reason_enc, @previous, @previous_enc, @by_user, @by_institution, @at);

-- name: ListCorrections :many
-- The corrections and voiding of a record, oldest first.
SELECT * FROM corrections WHERE record_type = @record_type AND record_id = @record_id ORDER BY id;
