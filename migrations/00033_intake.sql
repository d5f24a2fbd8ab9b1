-- Reportes ciudadanos: the first contact of a call to the hotline, a
-- denuncia en línea, a letter or a visit (law Art. 40 I and III), recorded
-- without requiring personal data, classified (posible trata or not, its
-- modalidades) and either turned into a caso or closed. A narrative and
-- contact data are optional, sealed under the reporte's own data key.
-- Monthly figures like the national hotline's (2018 programme, annex III)
-- come from here.

-- +goose Up
CREATE TABLE reportes_ciudadanos (
    id                 uuid PRIMARY KEY,
    folio              text NOT NULL UNIQUE CHECK (folio ~ '^REP-[A-Z]{2,5}-[0-9]{4}-[0-9]{6}$'),
    -- The receiving institution and the municipio of its office that
    -- attends the reporte: the reporte's scope.
    institution_code   text NOT NULL REFERENCES institutions (code),
    municipio_code     text NOT NULL REFERENCES municipios (code),
    -- Where the facts happened; NULL when unknown.
    hechos_municipio_code text REFERENCES municipios (code),
    received_at        timestamptz NOT NULL,
    channel            text NOT NULL CHECK (channel IN ('linea_telefonica', 'denuncia_en_linea', 'correo', 'presencial',
                                                        'redes_sociales', 'otro')),
    reporter           text NOT NULL CHECK (reporter IN ('posible_victima', 'familiar', 'tercero', 'anonimo')),
    classification     text NOT NULL DEFAULT 'por_determinar'
                       CHECK (classification IN ('posible_trata', 'no_es_trata', 'por_determinar')),
    status             text NOT NULL DEFAULT 'recibido'
                       CHECK (status IN ('recibido', 'en_analisis', 'canalizado', 'convertido_en_caso', 'descartado')),
    -- The authority a reporte was canalizado to, when it was.
    canalizado_a       text REFERENCES institutions (code),
    caso_id            uuid UNIQUE REFERENCES casos (id),
    closed_on          date,
    -- Sealed under the reporte's data key: what was told, how to reach the
    -- person who told it, and why the reporte was closed.
    narrative_enc      bytea,
    contact_enc        bytea,
    closing_reason_enc bytea,
    dek_wrapped        bytea NOT NULL,
    dek_version        int NOT NULL,
    version            int NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL,
    created_by         uuid REFERENCES users (id),
    updated_at         timestamptz NOT NULL,
    CHECK ((status = 'convertido_en_caso') = (caso_id IS NOT NULL)),
    CHECK (status <> 'canalizado' OR canalizado_a IS NOT NULL),
    CHECK ((status IN ('canalizado', 'convertido_en_caso', 'descartado')) = (closed_on IS NOT NULL))
);
CREATE INDEX reportes_ciudadanos_scope ON reportes_ciudadanos (institution_code, municipio_code, received_at DESC);
CREATE INDEX reportes_ciudadanos_received ON reportes_ciudadanos (received_at);

CREATE TABLE reporte_modalidades (
    reporte_id uuid NOT NULL REFERENCES reportes_ciudadanos (id) ON DELETE CASCADE,
    modalidad  text NOT NULL REFERENCES modalidades (code),
    PRIMARY KEY (reporte_id, modalidad)
);

-- Only the receiving institution, in the reporte's municipio, reaches it:
-- no other institution, and no Grupo de Trabajo, reads a reporte, whatever
-- the breadth of the role. A transaction that names no institution is the
-- application's own counting of an entidad's records (its reports): it
-- reads the entidad's reportes and writes none. Only an operator's
-- nationwide transaction, which names no institution either, writes one
-- it did not receive: `sintra keys rotate` re-wraps its data key.
ALTER TABLE reportes_ciudadanos ENABLE ROW LEVEL SECURITY;
CREATE POLICY reportes_ciudadanos_in_scope ON reportes_ciudadanos TO sintra_app
    USING (((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
           AND (institution_code = (SELECT sintra_institution()) OR (SELECT sintra_institution()) = ''))
    WITH CHECK (((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
           AND (institution_code = (SELECT sintra_institution()) OR (SELECT sintra_institution()) = '' AND (SELECT sintra_sees_all())));

-- Its modalidades are read with the reporte, and written only by the
-- institution that may write it, or by an operator's nationwide
-- transaction.
ALTER TABLE reporte_modalidades ENABLE ROW LEVEL SECURITY;
CREATE POLICY reporte_modalidades_read ON reporte_modalidades FOR SELECT TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM reportes_ciudadanos r WHERE r.id = reporte_modalidades.reporte_id));
CREATE POLICY reporte_modalidades_add ON reporte_modalidades FOR INSERT TO sintra_app
    WITH CHECK ((SELECT sintra_institution()) = '' AND (SELECT sintra_sees_all())
                OR EXISTS (SELECT 1 FROM reportes_ciudadanos r WHERE r.id = reporte_modalidades.reporte_id
                           AND r.institution_code = (SELECT sintra_institution())));
CREATE POLICY reporte_modalidades_remove ON reporte_modalidades FOR DELETE TO sintra_app
    USING ((SELECT sintra_institution()) = '' AND (SELECT sintra_sees_all())
           OR EXISTS (SELECT 1 FROM reportes_ciudadanos r WHERE r.id = reporte_modalidades.reporte_id
                      AND r.institution_code = (SELECT sintra_institution())));

-- What the application changes of a reporte: never its folio, its
-- receiving institution and municipio, when it was received, nor who
-- recorded it.
GRANT SELECT, INSERT ON reportes_ciudadanos TO sintra_app;
GRANT UPDATE (hechos_municipio_code, channel, reporter, classification, status, narrative_enc, contact_enc, canalizado_a, caso_id,
    closing_reason_enc, closed_on, dek_wrapped, dek_version, version, updated_at) ON reportes_ciudadanos TO sintra_app;
GRANT SELECT, INSERT, DELETE ON reporte_modalidades TO sintra_app;

-- The reports count reportes: a change moves the counted data version
-- (migration 00028).
CREATE TRIGGER counted_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reportes_ciudadanos
    FOR EACH STATEMENT EXECUTE FUNCTION mark_counted_change();
CREATE TRIGGER counted_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reporte_modalidades
    FOR EACH STATEMENT EXECUTE FUNCTION mark_counted_change();

-- +goose Down
DROP TABLE reporte_modalidades, reportes_ciudadanos;
DELETE FROM folio_counters WHERE kind = 'reporte';
