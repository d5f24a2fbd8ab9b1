-- Free text written in clear before it was sealed: the server seals it at
-- start, a batch at a time. Each list gives the row, the record whose key
-- seals it, and the text; each seal stores the ciphertext and empties the
-- text.

-- name: ListLegacyOverrideReasons :many
SELECT id, victim_id AS owner_id, override_reason AS text FROM canalizaciones WHERE override_reason <> '' LIMIT @batch;

-- name: SealLegacyOverrideReason :exec
UPDATE canalizaciones SET override_reason_enc = $2, override_reason = '' WHERE id = $1;

-- name: ListLegacyTransitionReasons :many
SELECT t.id, c.victim_id AS owner_id, t.canalizacion_id AS place_id, t.reason AS text
FROM canalizacion_transitions t JOIN canalizaciones c ON c.id = t.canalizacion_id WHERE t.reason <> '' LIMIT @batch;

-- name: SealLegacyTransitionReason :exec
UPDATE canalizacion_transitions SET reason_enc = $2, reason = '' WHERE id = $1;

-- name: ListLegacyCasoReasons :many
SELECT id, caso_id AS owner_id, reason AS text FROM caso_status_changes WHERE reason <> '' LIMIT @batch;

-- name: SealLegacyCasoReason :exec
UPDATE caso_status_changes SET reason_enc = $2, reason = '' WHERE id = $1;

-- name: ListLegacyMinutes :many
SELECT id, id AS owner_id, minutes AS text FROM gt_sessions WHERE minutes <> '' LIMIT @batch;

-- name: SealLegacyMinutes :exec
UPDATE gt_sessions SET minutes_enc = $2, minutes = '' WHERE id = $1;

-- name: ListLegacySummaries :many
SELECT id, session_id AS owner_id, summary AS text FROM gt_reviews WHERE summary <> '' LIMIT @batch;

-- name: SealLegacySummary :exec
UPDATE gt_reviews SET summary_enc = $2, summary = '' WHERE id = $1;

-- name: ListLegacyAcuerdoTexts :many
SELECT id, session_id AS owner_id, text FROM acuerdos WHERE text <> '' LIMIT @batch;

-- name: SealLegacyAcuerdoText :exec
UPDATE acuerdos SET text_enc = $2, text = '' WHERE id = $1;

-- name: ListLegacyAcuerdoNotes :many
SELECT u.id, a.session_id AS owner_id, u.acuerdo_id AS place_id, u.note AS text
FROM acuerdo_updates u JOIN acuerdos a ON a.id = u.acuerdo_id WHERE u.note <> '' LIMIT @batch;

-- name: SealLegacyAcuerdoNote :exec
UPDATE acuerdo_updates SET note_enc = $2, note = '' WHERE id = $1;

-- name: ListLegacySentences :many
SELECT id, carpeta_id AS owner_id, sentence AS text FROM resoluciones WHERE sentence <> '' LIMIT @batch;

-- name: SealLegacySentence :exec
UPDATE resoluciones SET sentence_enc = $2, sentence = '' WHERE id = $1;
