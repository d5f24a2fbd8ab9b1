-- Each entidad numbers its víctimas and expedientes in series of its own,
-- under its abbreviation: QROO-2024-000123 in Quintana Roo, YUC-2024-000007
-- in Yucatán. One series for every entidad gave a víctima of one state the
-- folio of another, and the gaps between one entidad's folios counted the
-- registrations of the others. Folios already given keep their number;
-- Quintana Roo's series goes on where it was.

-- +goose Up
ALTER TABLE entidades ADD COLUMN folio_prefix text UNIQUE CHECK (folio_prefix ~ '^[A-Z]{2,5}$');
UPDATE entidades e SET folio_prefix = p.prefix
FROM (VALUES ('01', 'AGS'), ('02', 'BC'), ('03', 'BCS'), ('04', 'CAMP'), ('05', 'COAH'), ('06', 'COL'), ('07', 'CHIS'),
             ('08', 'CHIH'), ('09', 'CDMX'), ('10', 'DGO'), ('11', 'GTO'), ('12', 'GRO'), ('13', 'HGO'), ('14', 'JAL'),
             ('15', 'MEX'), ('16', 'MICH'), ('17', 'MOR'), ('18', 'NAY'), ('19', 'NL'), ('20', 'OAX'), ('21', 'PUE'),
             ('22', 'QRO'), ('23', 'QROO'), ('24', 'SLP'), ('25', 'SIN'), ('26', 'SON'), ('27', 'TAB'), ('28', 'TAMPS'),
             ('29', 'TLAX'), ('30', 'VER'), ('31', 'YUC'), ('32', 'ZAC')) AS p (code, prefix)
WHERE e.code = p.code;
ALTER TABLE entidades ALTER COLUMN folio_prefix SET NOT NULL;

ALTER TABLE folio_counters ADD COLUMN entidad_code text NOT NULL DEFAULT '23' REFERENCES entidades (code);
ALTER TABLE folio_counters ALTER COLUMN entidad_code DROP DEFAULT,
    DROP CONSTRAINT folio_counters_pkey, ADD PRIMARY KEY (kind, entidad_code, year);

ALTER TABLE victims DROP CONSTRAINT victims_folio_check,
    ADD CONSTRAINT victims_folio_check CHECK (folio ~ '^[A-Z]{2,5}-[0-9]{4}-[0-9]{6}$');
ALTER TABLE casos DROP CONSTRAINT casos_folio_check,
    ADD CONSTRAINT casos_folio_check CHECK (folio ~ '^EXP-[A-Z]{2,5}-[0-9]{4}-[0-9]{6}$');

-- +goose Down
-- Fails, as it should, once another entidad has folios of its own.
ALTER TABLE casos DROP CONSTRAINT casos_folio_check,
    ADD CONSTRAINT casos_folio_check CHECK (folio ~ '^EXP-QROO-[0-9]{4}-[0-9]{6}$');
ALTER TABLE victims DROP CONSTRAINT victims_folio_check,
    ADD CONSTRAINT victims_folio_check CHECK (folio ~ '^QROO-[0-9]{4}-[0-9]{6}$');
DELETE FROM folio_counters WHERE entidad_code <> '23';
ALTER TABLE folio_counters DROP CONSTRAINT folio_counters_pkey, ADD PRIMARY KEY (kind, year), DROP COLUMN entidad_code;
ALTER TABLE entidades DROP COLUMN folio_prefix;
