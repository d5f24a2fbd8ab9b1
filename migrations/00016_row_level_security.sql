-- Row-level security: the third line of defence under the permission check
-- and the scope every query carries. The application's role (which owns no
-- table) sees and writes only the rows of the municipios its transaction
-- names in the setting sintra.municipios, "*" for all of them; a
-- transaction that names none sees none. The server sets it per
-- transaction (set_config(…, true), as SET LOCAL) from the signed-in user's
-- roles; a record's children follow their parent. The setting is read in
-- sub-selects, which PostgreSQL evaluates once per statement rather than
-- once per row.

-- +goose Up
CREATE FUNCTION sintra_sees_all() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_setting('sintra.municipios', true) = '*', false) $$;

CREATE FUNCTION sintra_municipios() RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(string_to_array(current_setting('sintra.municipios', true), ','), '{}') $$;

ALTER TABLE victims ENABLE ROW LEVEL SECURITY;
CREATE POLICY victims_in_scope ON victims TO sintra_app
    USING ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

ALTER TABLE casos ENABLE ROW LEVEL SECURITY;
CREATE POLICY casos_in_scope ON casos TO sintra_app
    USING ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

ALTER TABLE services ENABLE ROW LEVEL SECURITY;
CREATE POLICY services_in_scope ON services TO sintra_app
    USING ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

ALTER TABLE canalizaciones ENABLE ROW LEVEL SECURITY;
CREATE POLICY canalizaciones_in_scope ON canalizaciones TO sintra_app
    USING ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

ALTER TABLE carpetas ENABLE ROW LEVEL SECURITY;
CREATE POLICY carpetas_in_scope ON carpetas TO sintra_app
    USING ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

ALTER TABLE gt_sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY gt_sessions_in_scope ON gt_sessions TO sintra_app
    USING ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

ALTER TABLE acuerdos ENABLE ROW LEVEL SECURITY;
CREATE POLICY acuerdos_in_scope ON acuerdos TO sintra_app
    USING ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

ALTER TABLE victim_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY victim_changes_in_scope ON victim_changes TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM victims WHERE victims.id = victim_changes.victim_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM victims WHERE victims.id = victim_changes.victim_id));

ALTER TABLE victim_consents ENABLE ROW LEVEL SECURITY;
CREATE POLICY victim_consents_in_scope ON victim_consents TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM victims WHERE victims.id = victim_consents.victim_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM victims WHERE victims.id = victim_consents.victim_id));

ALTER TABLE caso_modalidades ENABLE ROW LEVEL SECURITY;
CREATE POLICY caso_modalidades_in_scope ON caso_modalidades TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM casos WHERE casos.id = caso_modalidades.caso_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM casos WHERE casos.id = caso_modalidades.caso_id));

ALTER TABLE caso_victims ENABLE ROW LEVEL SECURITY;
CREATE POLICY caso_victims_in_scope ON caso_victims TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM casos WHERE casos.id = caso_victims.caso_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM casos WHERE casos.id = caso_victims.caso_id));

ALTER TABLE caso_status_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY caso_status_changes_in_scope ON caso_status_changes TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM casos WHERE casos.id = caso_status_changes.caso_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM casos WHERE casos.id = caso_status_changes.caso_id));

ALTER TABLE canalizacion_transitions ENABLE ROW LEVEL SECURITY;
CREATE POLICY canalizacion_transitions_in_scope ON canalizacion_transitions TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM canalizaciones WHERE canalizaciones.id = canalizacion_transitions.canalizacion_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM canalizaciones WHERE canalizaciones.id = canalizacion_transitions.canalizacion_id));

ALTER TABLE carpeta_victims ENABLE ROW LEVEL SECURITY;
CREATE POLICY carpeta_victims_in_scope ON carpeta_victims TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = carpeta_victims.carpeta_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = carpeta_victims.carpeta_id));

ALTER TABLE carpeta_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY carpeta_events_in_scope ON carpeta_events TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = carpeta_events.carpeta_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = carpeta_events.carpeta_id));

ALTER TABLE imputados ENABLE ROW LEVEL SECURITY;
CREATE POLICY imputados_in_scope ON imputados TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = imputados.carpeta_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = imputados.carpeta_id));

ALTER TABLE resoluciones ENABLE ROW LEVEL SECURITY;
CREATE POLICY resoluciones_in_scope ON resoluciones TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = resoluciones.carpeta_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = resoluciones.carpeta_id));

ALTER TABLE gt_session_institutions ENABLE ROW LEVEL SECURITY;
CREATE POLICY gt_session_institutions_in_scope ON gt_session_institutions TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM gt_sessions WHERE gt_sessions.id = gt_session_institutions.session_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM gt_sessions WHERE gt_sessions.id = gt_session_institutions.session_id));

ALTER TABLE gt_reviews ENABLE ROW LEVEL SECURITY;
CREATE POLICY gt_reviews_in_scope ON gt_reviews TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM gt_sessions WHERE gt_sessions.id = gt_reviews.session_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM gt_sessions WHERE gt_sessions.id = gt_reviews.session_id));

ALTER TABLE acuerdo_updates ENABLE ROW LEVEL SECURITY;
CREATE POLICY acuerdo_updates_in_scope ON acuerdo_updates TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM acuerdos WHERE acuerdos.id = acuerdo_updates.acuerdo_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM acuerdos WHERE acuerdos.id = acuerdo_updates.acuerdo_id));

-- +goose Down
DROP POLICY acuerdos_in_scope ON acuerdos;
ALTER TABLE acuerdos DISABLE ROW LEVEL SECURITY;
DROP POLICY gt_sessions_in_scope ON gt_sessions;
ALTER TABLE gt_sessions DISABLE ROW LEVEL SECURITY;
DROP POLICY carpetas_in_scope ON carpetas;
ALTER TABLE carpetas DISABLE ROW LEVEL SECURITY;
DROP POLICY canalizaciones_in_scope ON canalizaciones;
ALTER TABLE canalizaciones DISABLE ROW LEVEL SECURITY;
DROP POLICY services_in_scope ON services;
ALTER TABLE services DISABLE ROW LEVEL SECURITY;
DROP POLICY casos_in_scope ON casos;
ALTER TABLE casos DISABLE ROW LEVEL SECURITY;
DROP POLICY victims_in_scope ON victims;
ALTER TABLE victims DISABLE ROW LEVEL SECURITY;
DROP POLICY acuerdo_updates_in_scope ON acuerdo_updates;
ALTER TABLE acuerdo_updates DISABLE ROW LEVEL SECURITY;
DROP POLICY gt_reviews_in_scope ON gt_reviews;
ALTER TABLE gt_reviews DISABLE ROW LEVEL SECURITY;
DROP POLICY gt_session_institutions_in_scope ON gt_session_institutions;
ALTER TABLE gt_session_institutions DISABLE ROW LEVEL SECURITY;
DROP POLICY resoluciones_in_scope ON resoluciones;
ALTER TABLE resoluciones DISABLE ROW LEVEL SECURITY;
DROP POLICY imputados_in_scope ON imputados;
ALTER TABLE imputados DISABLE ROW LEVEL SECURITY;
DROP POLICY carpeta_events_in_scope ON carpeta_events;
ALTER TABLE carpeta_events DISABLE ROW LEVEL SECURITY;
DROP POLICY carpeta_victims_in_scope ON carpeta_victims;
ALTER TABLE carpeta_victims DISABLE ROW LEVEL SECURITY;
DROP POLICY canalizacion_transitions_in_scope ON canalizacion_transitions;
ALTER TABLE canalizacion_transitions DISABLE ROW LEVEL SECURITY;
DROP POLICY caso_status_changes_in_scope ON caso_status_changes;
ALTER TABLE caso_status_changes DISABLE ROW LEVEL SECURITY;
DROP POLICY caso_victims_in_scope ON caso_victims;
ALTER TABLE caso_victims DISABLE ROW LEVEL SECURITY;
DROP POLICY caso_modalidades_in_scope ON caso_modalidades;
ALTER TABLE caso_modalidades DISABLE ROW LEVEL SECURITY;
DROP POLICY victim_consents_in_scope ON victim_consents;
ALTER TABLE victim_consents DISABLE ROW LEVEL SECURITY;
DROP POLICY victim_changes_in_scope ON victim_changes;
ALTER TABLE victim_changes DISABLE ROW LEVEL SECURITY;
DROP FUNCTION sintra_municipios();
DROP FUNCTION sintra_sees_all();
