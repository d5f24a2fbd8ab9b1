-- Every event is dated when it happened, as a calendar date of Quintana
-- Roo, beside the instant it was recorded: a canalización sent last month
-- is entered today and counts in last month's report. Reporting periods
-- may have any bounds.

-- +goose Up
ALTER TABLE report_periods DROP CONSTRAINT report_periods_kind_check,
    ADD CONSTRAINT report_periods_kind_check CHECK (kind IN ('trimestral', 'anual', 'mensual', 'personalizado'));

ALTER TABLE canalizaciones RENAME COLUMN sent_at TO recorded_at;
ALTER TABLE canalizaciones ADD COLUMN sent_on date;
UPDATE canalizaciones SET sent_on = (recorded_at AT TIME ZONE 'America/Cancun')::date;
ALTER TABLE canalizaciones ALTER COLUMN sent_on SET NOT NULL;
CREATE INDEX canalizaciones_sent_on ON canalizaciones (sent_on);

ALTER TABLE canalizacion_transitions RENAME COLUMN at TO recorded_at;
ALTER TABLE canalizacion_transitions ADD COLUMN occurred_on date;
UPDATE canalizacion_transitions SET occurred_on = (recorded_at AT TIME ZONE 'America/Cancun')::date;
ALTER TABLE canalizacion_transitions ALTER COLUMN occurred_on SET NOT NULL;

ALTER TABLE caso_status_changes ADD COLUMN changed_on date;
UPDATE caso_status_changes SET changed_on = (changed_at AT TIME ZONE 'America/Cancun')::date;
ALTER TABLE caso_status_changes ALTER COLUMN changed_on SET NOT NULL;

ALTER TABLE acuerdo_updates ADD COLUMN occurred_on date;
UPDATE acuerdo_updates SET occurred_on = (at AT TIME ZONE 'America/Cancun')::date;
ALTER TABLE acuerdo_updates ALTER COLUMN occurred_on SET NOT NULL;

-- The application's one clock stamps every row it writes: no column takes
-- the database server's time by default.
ALTER TABLE activity_imports ALTER COLUMN imported_at DROP DEFAULT;
ALTER TABLE activities ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE audit_findings ALTER COLUMN detected_at DROP DEFAULT;
ALTER TABLE carpetas ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE carpeta_events ALTER COLUMN recorded_at DROP DEFAULT;
ALTER TABLE imputados ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE resoluciones ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE casos ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE casos ALTER COLUMN updated_at DROP DEFAULT;
ALTER TABLE caso_status_changes ALTER COLUMN changed_at DROP DEFAULT;
ALTER TABLE caso_victims ALTER COLUMN added_at DROP DEFAULT;
ALTER TABLE gt_sessions ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE gt_reviews ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE acuerdos ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE acuerdo_updates ALTER COLUMN at DROP DEFAULT;
ALTER TABLE report_periods ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE issued_reports ALTER COLUMN issued_at DROP DEFAULT;
ALTER TABLE services ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE sessions ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE refresh_tokens ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE users ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE users ALTER COLUMN updated_at DROP DEFAULT;
ALTER TABLE victims ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE victims ALTER COLUMN updated_at DROP DEFAULT;
ALTER TABLE victim_changes ALTER COLUMN changed_at DROP DEFAULT;
ALTER TABLE victim_consents ALTER COLUMN recorded_at DROP DEFAULT;
ALTER TABLE user_roles ALTER COLUMN granted_at DROP DEFAULT;
ALTER TABLE canalizaciones ALTER COLUMN recorded_at DROP DEFAULT;
ALTER TABLE canalizacion_transitions ALTER COLUMN recorded_at DROP DEFAULT;

-- +goose Down
ALTER TABLE activity_imports ALTER COLUMN imported_at SET DEFAULT now();
ALTER TABLE activities ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE audit_findings ALTER COLUMN detected_at SET DEFAULT now();
ALTER TABLE carpetas ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE carpeta_events ALTER COLUMN recorded_at SET DEFAULT now();
ALTER TABLE imputados ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE resoluciones ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE casos ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE casos ALTER COLUMN updated_at SET DEFAULT now();
ALTER TABLE caso_status_changes ALTER COLUMN changed_at SET DEFAULT now();
ALTER TABLE caso_victims ALTER COLUMN added_at SET DEFAULT now();
ALTER TABLE gt_sessions ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE gt_reviews ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE acuerdos ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE acuerdo_updates ALTER COLUMN at SET DEFAULT now();
ALTER TABLE report_periods ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE issued_reports ALTER COLUMN issued_at SET DEFAULT now();
ALTER TABLE services ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE sessions ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE refresh_tokens ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE users ALTER COLUMN updated_at SET DEFAULT now();
ALTER TABLE victims ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE victims ALTER COLUMN updated_at SET DEFAULT now();
ALTER TABLE victim_changes ALTER COLUMN changed_at SET DEFAULT now();
ALTER TABLE victim_consents ALTER COLUMN recorded_at SET DEFAULT now();
ALTER TABLE user_roles ALTER COLUMN granted_at SET DEFAULT now();
ALTER TABLE canalizaciones ALTER COLUMN recorded_at SET DEFAULT now();
ALTER TABLE canalizacion_transitions ALTER COLUMN recorded_at SET DEFAULT now();
ALTER TABLE acuerdo_updates DROP COLUMN occurred_on;
ALTER TABLE caso_status_changes DROP COLUMN changed_on;
ALTER TABLE canalizacion_transitions DROP COLUMN occurred_on;
ALTER TABLE canalizacion_transitions RENAME COLUMN recorded_at TO at;
DROP INDEX canalizaciones_sent_on;
ALTER TABLE canalizaciones DROP COLUMN sent_on;
ALTER TABLE canalizaciones RENAME COLUMN recorded_at TO sent_at;
DELETE FROM issued_reports WHERE period_id IN (SELECT id FROM report_periods WHERE kind NOT IN ('trimestral', 'anual'));
DELETE FROM report_periods WHERE kind NOT IN ('trimestral', 'anual');
ALTER TABLE report_periods DROP CONSTRAINT report_periods_kind_check,
    ADD CONSTRAINT report_periods_kind_check CHECK (kind IN ('trimestral', 'anual'));
