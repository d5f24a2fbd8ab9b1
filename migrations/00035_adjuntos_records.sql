-- Adjuntos on casos, carpetas de investigación and Grupo de Trabajo
-- sessions, besides víctimas: each sealed under its record's data key.
--
-- Row-level security, as for the records themselves, keeps a transaction to
-- its municipios; a caso's and a carpeta's adjuntos are, besides, only for
-- the institution that holds the record (its caseworkers, its Fiscalía),
-- even for a role held nationwide. A víctima's are read by the Fiscalía of
-- a carpeta she is in too, and a session's by the Grupo de Trabajo of its
-- municipio, whatever their institution (a session's adjunto names the
-- institution of the member who attached it). A transaction that names no
-- institution is the application's own, or an operator's.

-- +goose Up
ALTER TABLE adjuntos DROP CONSTRAINT adjuntos_record_type_check;
ALTER TABLE adjuntos ADD CONSTRAINT adjuntos_record_type_check
    CHECK (record_type IN ('victima', 'caso', 'carpeta', 'sesion_gt'));

DROP POLICY adjuntos_in_scope ON adjuntos;
CREATE POLICY adjuntos_in_scope ON adjuntos TO sintra_app
    USING (((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
           AND (record_type IN ('victima', 'sesion_gt') OR institution_code = (SELECT sintra_institution())
                OR (SELECT sintra_institution()) = ''))
    WITH CHECK (((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
           AND (record_type IN ('victima', 'sesion_gt') OR institution_code = (SELECT sintra_institution())
                OR (SELECT sintra_institution()) = ''));

-- +goose Down
DROP POLICY adjuntos_in_scope ON adjuntos;
CREATE POLICY adjuntos_in_scope ON adjuntos TO sintra_app
    USING ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));
-- Going down needs no adjunto but víctimas' left.
ALTER TABLE adjuntos DROP CONSTRAINT adjuntos_record_type_check;
ALTER TABLE adjuntos ADD CONSTRAINT adjuntos_record_type_check CHECK (record_type IN ('victima'));
