-- The inboxes and outboxes of canalizaciones list the latest sent first,
-- by the date each was sent.

-- +goose Up
DROP INDEX canalizaciones_to, canalizaciones_from;
CREATE INDEX canalizaciones_to ON canalizaciones (to_institution, sent_on DESC, recorded_at DESC);
CREATE INDEX canalizaciones_from ON canalizaciones (from_institution, sent_on DESC, recorded_at DESC);

-- +goose Down
DROP INDEX canalizaciones_to, canalizaciones_from;
CREATE INDEX canalizaciones_to ON canalizaciones (to_institution, status, recorded_at DESC);
CREATE INDEX canalizaciones_from ON canalizaciones (from_institution, status, recorded_at DESC);
