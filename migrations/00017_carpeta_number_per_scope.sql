-- A carpeta's number is unique within the Fiscalía (institution) of its
-- municipio, not statewide: a unique index over the whole state told a
-- Fiscalía of one municipio, through a refused registration, that a number
-- exists in another, whose carpetas it may not even find. The number's
-- blind index leads, so that a look-up by number still uses the index.

-- +goose Up
ALTER TABLE carpetas DROP CONSTRAINT carpetas_number_bidx_key;
ALTER TABLE carpetas ADD CONSTRAINT carpetas_number_in_scope_key UNIQUE (number_bidx, institution_code, municipio_code);

-- +goose Down
ALTER TABLE carpetas DROP CONSTRAINT carpetas_number_in_scope_key;
ALTER TABLE carpetas ADD CONSTRAINT carpetas_number_bidx_key UNIQUE (number_bidx);
