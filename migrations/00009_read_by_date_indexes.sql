-- Indexes for reading by date over many years of records.

-- +goose Up
-- The period reports count services by date. Over a decade of records, a
-- quarter is a fortieth of the table: read it from an index that holds
-- every column they need, instead of scanning the whole table.
CREATE INDEX services_provided_on ON services (provided_on) INCLUDE (victim_id, service_type, quantity);

-- Lists of víctimas show the newest first. The scope index cannot give that
-- order for a list of municipios, so a page would sort the whole scope.
CREATE INDEX victims_newest ON victims (created_at DESC, id);

-- +goose Down
DROP INDEX victims_newest;
DROP INDEX services_provided_on;
