package feed

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

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

// Import verifies the batch in r against the trusted keys and stores its
// records in one transaction, all or nothing, audited as done by actor;
// progress hears how many records it has stored of how many.
func (s *Service) Import(ctx context.Context, actor audit.Actor, r io.ReadSeeker, keys Keys, progress func(done, total int)) (Imported, error) {
	b, err := Verify(r, keys)
	if err != nil {
		return Imported{}, err
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	out := Imported{Batch: b}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if out.AlreadyImported, err = tx.FeedImportedBefore(ctx, b.SHA256); err != nil || out.AlreadyImported {
			return err
		}
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("feed: import: %w", err)
		}
		done := 0
		err := b.Each(r, func(rec Record) error {
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
		if err := tx.InsertFeedImport(ctx, domain.FeedImport{SHA256: b.SHA256, Entidad: b.Entidad, Since: b.Since, Watermark: b.Watermark,
			Records: b.Header.Records, Applied: out.Applied}); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, actor, audit.Event{Action: "carga_nacional.importar", RecordType: "carga_nacional",
			RecordID: hex.EncodeToString(b.SHA256[:8]), Detail: fmt.Sprintf("entidad %s, desde %d hasta %d: %d registros, %d aplicados",
				b.Entidad, b.Since, b.Watermark, b.Header.Records, out.Applied)})
	})
	return out, err
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
