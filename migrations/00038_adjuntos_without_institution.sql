-- A transaction that names no institution reaches a caso's or a carpeta's
-- adjuntos only when it sees every municipio: the application's own work
-- (the erasure ledger re-applied at start) and an operator's. One limited
-- to some municipios without naming an institution (the shape of the
-- reports' counting, which never reads adjuntos) reaches none, as for the
-- reportes ciudadanos (00033).

-- +goose Up
DROP POLICY adjuntos_in_scope ON adjuntos;
CREATE POLICY adjuntos_in_scope ON adjuntos TO sintra_app
    USING (((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
           AND (record_type IN ('victima', 'sesion_gt') OR institution_code = (SELECT sintra_institution())
                OR ((SELECT sintra_institution()) = '' AND (SELECT sintra_sees_all()))))
    WITH CHECK (((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
           AND (record_type IN ('victima', 'sesion_gt') OR institution_code = (SELECT sintra_institution())
                OR ((SELECT sintra_institution()) = '' AND (SELECT sintra_sees_all()))));

-- +goose Down
DROP POLICY adjuntos_in_scope ON adjuntos;
CREATE POLICY adjuntos_in_scope ON adjuntos TO sintra_app
    USING (((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
           AND (record_type IN ('victima', 'sesion_gt') OR institution_code = (SELECT sintra_institution())
                OR (SELECT sintra_institution()) = ''))
    WITH CHECK (((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
           AND (record_type IN ('victima', 'sesion_gt') OR institution_code = (SELECT sintra_institution())
                OR (SELECT sintra_institution()) = ''));
