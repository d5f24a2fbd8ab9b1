-- Lists of víctimas are read by keyset, newest first with the id breaking
-- ties in the same direction, so a page walks only its own rows of this
-- index, however deep it lies.

-- +goose Up
CREATE INDEX victims_newest_keyset ON victims (created_at DESC, id DESC);
DROP INDEX victims_newest;

-- +goose Down
CREATE INDEX victims_newest ON victims (created_at DESC, id);
DROP INDEX victims_newest_keyset;
