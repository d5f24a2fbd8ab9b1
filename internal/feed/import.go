package feed

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// Imported says what an import did.
type Imported struct {
	Batch
	// Applied counts the records stored: the others were held already in
	// that version or a newer one.
	Applied int
	// AlreadyImported is set when the same batch was imported before: then
	// nothing changed.
	AlreadyImported bool
}

// MaxBatchBytes is the largest batch an import reads: it holds the batch
// in memory, so that it verifies and stores the very same bytes. A state's
// first batch of a few hundred thousand records is well under it; an
// export cannot yet split a larger one.
const MaxBatchBytes = 256 << 20

// errNoOwner refuses an import on a Service with no owner's store.
var errNoOwner = apperr.New(apperr.Internal, "La importación de la carga nacional escribe como el rol propietario de la base: "+
	"configure SINTRA_OWNER_DATABASE_URL.")

// readBatch reads the whole batch in r, refusing one past MaxBatchBytes.
func readBatch(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBatchBytes+1))
	if err != nil {
		return nil, fmt.Errorf("feed: import: %w", err)
	}
	if len(data) > MaxBatchBytes {
		return nil, refused(fmt.Sprintf("excede el tamaño máximo de %d MiB.", MaxBatchBytes>>20), nil)
	}
	return data, nil
}

// Import reads the batch in r once, verifies it against the trusted keys
// and stores the same bytes' records in one transaction, all or nothing,
// through the owner's store (the application's role only reads imported
// records), audited as done by actor; progress hears how many records it
// has stored of how many.
func (s *Service) Import(ctx context.Context, actor audit.Actor, r io.Reader, keys Keys, progress func(done, total int)) (Imported, error) {
	return s.ImportAfter(ctx, actor, r, keys, -1, progress)
}

// ImportAfter is Import of a batch that must follow the last one imported
// from its entidad, or, with after 0 or more, the batch numbered after+1
// whatever came before: the operator resumes the series deliberately, after
// a batch lost for good.
func (s *Service) ImportAfter(ctx context.Context, actor audit.Actor, r io.Reader, keys Keys, after int64, progress func(done, total int)) (Imported, error) {
	if s.owner == nil {
		return Imported{}, errNoOwner
	}
	data, err := readBatch(r)
	if err != nil {
		return Imported{}, err
	}
	b, err := Verify(bytes.NewReader(data), keys)
	if err != nil {
		return Imported{}, err
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	out := Imported{Batch: b}
	err = s.owner.Tx(ctx, func(tx *store.Store) error {
		if err := tx.LockFeedSeries(ctx, b.Entidad); err != nil {
			return err
		}
		if out.AlreadyImported, err = tx.FeedImportedBefore(ctx, b.SHA256); err != nil || out.AlreadyImported {
			return err
		}
		local, err := tx.EntidadHasLocalRecords(ctx, b.Entidad)
		if err != nil {
			return err
		}
		if local {
			return refused(fmt.Sprintf("esta instancia registra directamente los expedientes de la entidad %s: su carga los contaría dos veces. "+
				"Una entidad se registra aquí o llega por su carga, no ambas.", b.Entidad), nil)
		}
		last, err := tx.LastFeedImport(ctx, b.Entidad)
		if err != nil {
			return err
		}
		reached, err := tx.LatestFeedWatermark(ctx, b.Entidad)
		if err != nil {
			return err
		}
		seen, err := tx.FeedGenerationImported(ctx, b.Entidad, b.Header.Generation)
		if err != nil {
			return err
		}
		if err := follows(b, last, reached, after, seen); err != nil {
			return err
		}
		if b.Header.Full {
			// What the entidad holds now is the full batch: records lost
			// with a restore stop counting.
			if err := tx.DeleteFeedRecordsOf(ctx, b.Entidad); err != nil {
				return err
			}
		}
		done := 0
		err = b.Each(bytes.NewReader(data), func(rec Record) error {
			applied, err := upsert(ctx, tx, b.Entidad, rec)
			if applied {
				out.Applied++
			}
			if done++; done%pageSize == 0 {
				progress(done, b.Header.Records)
			}
			return err
		})
		if err != nil {
			return err
		}
		previous, _ := hex.DecodeString(b.Header.Previous)
		if err := tx.InsertFeedImport(ctx, domain.FeedImport{SHA256: b.SHA256, Entidad: b.Entidad, Generation: b.Header.Generation,
			Full: b.Header.Full, GeneratedAt: b.MadeAt, Sequence: b.Header.Sequence,
			Previous: previous, Since: b.Since, Watermark: b.Watermark,
			Records: b.Header.Records, Applied: out.Applied}); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, actor, audit.Event{Action: "carga_nacional.importar", RecordType: "carga_nacional",
			RecordID: hex.EncodeToString(b.SHA256[:8]), Detail: fmt.Sprintf("entidad %s, %sdesde %d hasta %d: %d registros, %d aplicados",
				b.Entidad, generationNote(b.Header), b.Since, b.Watermark, b.Header.Records, out.Applied)})
	})
	return out, err
}

// follows checks that batch b comes next in its entidad's series, whose
// last batch imported is last: numbered one more in the same generation,
// naming last's hash. With after 0 or more, b must be numbered after+1,
// past what was imported. Either way b must start at or below the
// watermark reached: one from past it would skip, for good, the changes
// between, so resuming after a lost batch needs one exported from what
// this instance reached. A full batch starts a generation never imported
// (seen tells whether b's was), made no earlier than any batch imported
// from the entidad: one imported again, or one made before and delivered
// late, would take the entidad back to what it held then.
func follows(b Batch, last domain.FeedLink, reached, after int64, seen bool) error {
	seq, e, gen := b.Header.Sequence, b.Entidad, b.Header.Generation
	if b.Header.Full {
		switch {
		case gen == "" || seq != 1 || b.Since != 0 || b.Header.Previous != "":
			return refused("un lote completo empieza una generación nueva: número 1, desde 0 y sin lote anterior.", nil)
		case seen:
			return refused(fmt.Sprintf("la generación %s de la entidad %s ya se importó: un lote completo suyo, importado otra vez, "+
				"devolvería la entidad a lo que tenía entonces.", gen, e), nil)
		case b.MadeAt.Before(last.MadeAt):
			return refused(fmt.Sprintf("este lote completo de la entidad %s se hizo antes que lo último importado de ella: "+
				"importarlo la devolvería a lo que tenía entonces. Pida a la entidad un lote completo nuevo.", e), nil)
		case after >= 0:
			return refused("un lote completo no sigue a ningún otro: impórtelo sin --tras.", nil)
		}
		return nil
	}
	if last.Sequence > 0 && gen != last.Generation {
		return refused(fmt.Sprintf("el lote %d de la entidad %s es de otra generación que lo importado: "+
			"importe antes el lote completo que la empezó (sintra feed export --completo en la entidad).", seq, e), nil)
	}
	switch {
	case b.Since > reached:
		return refused(fmt.Sprintf("el lote de la entidad %s empieza en la marca %d y lo importado llega a %d: faltarían los cambios entre ambas. "+
			"Pida a la entidad un lote exportado desde %d.", e, b.Since, reached, reached), nil)
	case after >= 0 && seq != after+1:
		return refused(fmt.Sprintf("se pidió reanudar tras el lote %d y este es el lote %d de la entidad %s.", after, seq, e), nil)
	case after >= 0 && seq <= last.Sequence:
		return refused(fmt.Sprintf("la entidad %s ya llegó al lote %d: no se reanuda hacia atrás.", e, last.Sequence), nil)
	case after >= 0:
		return nil
	case seq <= last.Sequence:
		return refused(fmt.Sprintf("bifurcación: el lote %d de la entidad %s no es el que se importó con ese número.", seq, e), nil)
	case seq > last.Sequence+1:
		return refused(fmt.Sprintf("faltan los lotes %d a %d de la entidad %s: impórtelos antes, o reanude deliberadamente con --tras %d.",
			last.Sequence+1, seq-1, e, seq-1), nil)
	case b.Header.Previous != hex.EncodeToString(last.SHA256):
		return refused(fmt.Sprintf("bifurcación: el lote %d de la entidad %s no sigue al lote %d importado (otra huella anterior).",
			seq, e, last.Sequence), nil)
	}
	return nil
}

// NextSince returns the watermark to export from for an entidad: the
// furthest its imported batches reached.
func (s *Service) NextSince(ctx context.Context, entidad string) (int64, error) {
	return s.store.LatestFeedWatermark(ctx, entidad)
}

// upsert stores one record of an entidad unless a version as new is held.
func upsert(ctx context.Context, tx *store.Store, entidad string, r Record) (bool, error) {
	key := domain.FeedKey{ID: nationalID(entidad, r.Kind, r.Pseudonym), Entidad: entidad, Pseudonym: r.Pseudonym, Version: r.Version}
	id := func(kind, pseudonym string) uuid.UUID { return nationalID(entidad, kind, pseudonym) }
	switch {
	case r.Retracted && r.Kind == domain.KindServicio:
		return tx.UpsertFeedService(ctx, key, domain.FeedService{Voided: true})
	case r.Retracted && r.Kind == domain.KindCanalizacion:
		return tx.UpsertFeedCanalizacion(ctx, key, domain.FeedCanalizacion{Voided: true})
	case r.Retracted && r.Kind == domain.KindActividad:
		return tx.UpsertFeedActivity(ctx, key, domain.FeedActivity{Voided: true})
	case r.Victima != nil:
		v := r.Victima
		return tx.UpsertFeedVictim(ctx, key, domain.FeedVictim{Municipio: v.Municipio, Sex: v.Sex, Age: v.Age, Nationality: v.Nationality,
			EstadoCivil: v.EstadoCivil, CalidadMigratoria: v.CalidadMigratoria, IndigenousLanguage: v.IndigenousLanguage,
			Disability: v.Disability, MinorAtTime: v.MinorAtTime, DenunciaFiled: v.DenunciaFiled})
	case r.Caso != nil:
		c, err := casoOf(r.Caso, id)
		if err != nil {
			return false, err
		}
		return tx.UpsertFeedCaso(ctx, key, c)
	case r.Servicio != nil:
		sv := r.Servicio
		on, err := parseDay(sv.ProvidedOn)
		if err != nil {
			return false, err
		}
		return tx.UpsertFeedService(ctx, key, domain.FeedService{VictimID: id(domain.KindVictima, sv.Victima), Type: sv.ServiceType,
			ProvidedOn: on, Quantity: sv.Quantity, Institution: sv.Institution, Municipio: sv.Municipio})
	case r.Canalizacion != nil:
		c, err := canalizacionOf(r.Canalizacion)
		if err != nil {
			return false, err
		}
		return tx.UpsertFeedCanalizacion(ctx, key, c)
	case r.Carpeta != nil:
		c, err := carpetaOf(r.Carpeta, id)
		if err != nil {
			return false, err
		}
		return tx.UpsertFeedCarpeta(ctx, key, c)
	case r.Actividad != nil:
		a, err := actividadOf(r.Actividad)
		if err != nil {
			return false, err
		}
		return tx.UpsertFeedActivity(ctx, key, a)
	case r.Microdatos != nil:
		rows, err := json.Marshal(r.Microdatos.Rows)
		if err != nil {
			return false, err
		}
		return tx.UpsertFeedMicrodata(ctx, key, domain.FeedMicrodata{Year: r.Microdatos.Year, K: r.Microdatos.K, Rows: rows})
	}
	return false, refused("un registro "+r.Kind+" no trae sus datos.", nil)
}

func parseDay(s string) (time.Time, error) {
	t, err := time.Parse(isoDate, s)
	if err != nil {
		return t, refused("la fecha "+s+" no existe.", err)
	}
	return t, nil
}

func parseOptDay(s *string) (*time.Time, error) {
	if s == nil {
		return nil, nil
	}
	t, err := parseDay(*s)
	return &t, err
}

func stepsOf(steps []Step) ([]domain.FeedStep, error) {
	out := make([]domain.FeedStep, len(steps))
	for i, s := range steps {
		on, err := parseDay(s.On)
		if err != nil {
			return nil, err
		}
		out[i] = domain.FeedStep{Status: s.Status, On: on}
	}
	return out, nil
}

func idsOf(kind string, pseudonyms []string, id func(kind, pseudonym string) uuid.UUID) []uuid.UUID {
	out := make([]uuid.UUID, len(pseudonyms))
	for i, p := range pseudonyms {
		out[i] = id(kind, p)
	}
	return out
}
