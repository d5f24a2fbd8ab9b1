-- A state restored from a backup starts a new generation of its feed's
-- series with a full batch: every record it holds, numbered 1 in that
-- generation. The national instance replaces the entidad's imported records
-- with those of the full batch, so records lost with the restore stop
-- counting, and then follows the new generation's series. Batches before
-- generations are of the generation ''. An import keeps when each batch
-- was made: a full batch made before the last one imported would take the
-- entidad back in time.

-- +goose Up
ALTER TABLE feed_exports
    ADD COLUMN generation text NOT NULL DEFAULT '' CHECK (generation ~ '^([0-9a-f]{32})?$'),
    ADD COLUMN full_batch bool NOT NULL DEFAULT false,
    -- made orders the batches as they were made, across generations.
    ADD COLUMN made bigint GENERATED ALWAYS AS IDENTITY,
    DROP CONSTRAINT feed_exports_pkey,
    ADD PRIMARY KEY (generation, sequence);

ALTER TABLE feed_imports
    ADD COLUMN generation text NOT NULL DEFAULT '' CHECK (generation ~ '^([0-9a-f]{32})?$'),
    ADD COLUMN full_batch bool NOT NULL DEFAULT false,
    ADD COLUMN generated_at timestamptz,
    ADD COLUMN made bigint GENERATED ALWAYS AS IDENTITY;
DROP INDEX feed_imports_entidad_sequence;
CREATE UNIQUE INDEX feed_imports_entidad_sequence ON feed_imports (entidad, generation, sequence);

-- +goose Down
-- Fails, as it should, once a second generation repeats a number.
DROP INDEX feed_imports_entidad_sequence;
CREATE UNIQUE INDEX feed_imports_entidad_sequence ON feed_imports (entidad, sequence);
ALTER TABLE feed_imports DROP COLUMN made, DROP COLUMN generated_at, DROP COLUMN full_batch, DROP COLUMN generation;
ALTER TABLE feed_exports DROP CONSTRAINT feed_exports_pkey, ADD PRIMARY KEY (sequence);
ALTER TABLE feed_exports DROP COLUMN made, DROP COLUMN full_batch, DROP COLUMN generation;
