package carpetas

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/corrections"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// imputadoRecord names imputados in the history of corrections and the audit trail.
const imputadoRecord = "imputado"

var errImputadoNotFound = apperr.New(apperr.NotFound, "El imputado no existe en esta carpeta.")

// imputadoOf finds an imputado of a carpeta the caller may act on with perm,
// and opens the carpeta's key.
func (s *Service) imputadoOf(ctx context.Context, tx *store.Store, p *authz.Principal, id, imputadoID uuid.UUID, perm authz.Permission) (domain.Carpeta, domain.Imputado, crypto.DataKey, error) {
	c, err := s.scoped(ctx, tx, p, id, perm)
	if err != nil {
		return c, domain.Imputado{}, nil, err
	}
	imputados, err := tx.Imputados(ctx, id)
	if err != nil {
		return c, domain.Imputado{}, nil, err
	}
	for _, i := range imputados {
		if i.ID == imputadoID {
			key, err := s.keys.UnwrapKey(c.WrappedKey, place(id))
			return c, i, key, err
		}
	}
	return c, domain.Imputado{}, nil, errImputadoNotFound
}

// CorrectImputado replaces what is recorded of an imputado (sex, age,
// nationality, names) when the caller's copy is current, keeping the
// previous values — the names still sealed — who and why in its history.
func (s *Service) CorrectImputado(ctx context.Context, p *authz.Principal, id, imputadoID uuid.UUID, expectedVersion int, in ImputadoInput, reason corrections.Reason) (Imputado, error) {
	if err := corrections.Check(&reason); err != nil {
		return Imputado{}, err
	}
	names := strings.TrimSpace(in.Names)
	fields, err := s.checkImputado(ctx, in.Sex, in.Age, in.Nationality, names)
	if err != nil {
		return Imputado{}, err
	}
	if len(fields) > 0 {
		return Imputado{}, apperr.Validation(fields...)
	}
	var out Imputado
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		c, i, key, err := s.imputadoOf(ctx, tx, p, id, imputadoID, authz.CarpetasUpdate)
		if err != nil {
			return err
		}
		if err := corrections.Current(i.Version, i.VoidedAt, expectedVersion); err != nil {
			return err
		}
		oldNames, err := sealed.Open(key, imputadoPlace(i.ID), "names", i.NamesEnc)
		if err != nil {
			return err
		}
		previous := map[string]string{}
		corrections.Diff(previous, "sex", i.Sex, in.Sex)
		corrections.Diff(previous, "age", showInt(i.Age), showInt(in.Age))
		corrections.Diff(previous, "nationality", showString(i.Nationality), showString(in.Nationality))
		var sealedPrevious map[string][]byte
		next := i
		next.Sex, next.Age, next.Nationality = in.Sex, in.Age, in.Nationality
		if names != oldNames {
			sealedPrevious = map[string][]byte{"names": i.NamesEnc}
			if next.NamesEnc, err = crypto.Seal(key, imputadoPlace(i.ID), "names", names); err != nil {
				return err
			}
		}
		if len(previous) == 0 && sealedPrevious == nil {
			return corrections.ErrUnchanged
		}
		if err := tx.CorrectImputado(ctx, next); err != nil {
			return err
		}
		entry := corrections.Entry{RecordType: imputadoRecord, RecordID: imputadoID, Kind: domain.Corrected, Version: i.Version,
			Reason: reason, Previous: previous, Sealed: sealedPrevious}
		if err := corrections.Keep(ctx, tx, sealerWith(key), p, s.clock.Now(), entry); err != nil {
			return err
		}
		next.Version++
		next.NamesEnc = nil
		out = Imputado{Imputado: next, Names: names}
		detail := "imputado " + imputadoID.String() + ": " + strings.Join(keys(previous, sealedPrevious), " ")
		return s.record(ctx, tx, p, "carpeta.corregir_imputado", c, detail)
	})
	return out, err
}

// VoidImputado marks an imputado recorded by mistake voided, when the
// caller's copy is current; one a resolución names cannot be. It stays in
// the carpeta, marked, and no longer counts in totals, reports or statistics.
func (s *Service) VoidImputado(ctx context.Context, p *authz.Principal, id, imputadoID uuid.UUID, expectedVersion int, reason corrections.Reason) error {
	if err := corrections.Check(&reason); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		c, i, key, err := s.imputadoOf(ctx, tx, p, id, imputadoID, authz.CarpetasUpdate)
		if err != nil {
			return err
		}
		if err := corrections.Current(i.Version, i.VoidedAt, expectedVersion); err != nil {
			return err
		}
		// Locked before the resoluciones are counted: one naming him
		// either committed before and is counted, or waits and then finds
		// him voided.
		if _, err := tx.LockImputado(ctx, id, imputadoID, true); err != nil {
			return err
		}
		if n, err := tx.ImputadoResoluciones(ctx, imputadoID); err != nil {
			return err
		} else if n > 0 {
			return apperr.New(apperr.Conflict, "Una resolución judicial nombra a este imputado; no se puede anular.")
		}
		if err := tx.VoidImputado(ctx, id, imputadoID, i.Version); err != nil {
			return err
		}
		entry := corrections.Entry{RecordType: imputadoRecord, RecordID: imputadoID, Kind: domain.Voided, Version: i.Version, Reason: reason}
		if err := corrections.Keep(ctx, tx, sealerWith(key), p, s.clock.Now(), entry); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "carpeta.anular_imputado", c, "imputado "+imputadoID.String()+" motivo "+reason.Code)
	})
}

// ImputadoHistory returns an imputado's corrections and voiding, with the
// previous names opened, for a stated reason; the read is audited.
func (s *Service) ImputadoHistory(ctx context.Context, p *authz.Principal, id, imputadoID uuid.UUID, reason audit.Reason) ([]corrections.Change, error) {
	if err := victims.CheckReason(reason); err != nil {
		return nil, err
	}
	var out []corrections.Change
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		c, _, key, err := s.imputadoOf(ctx, tx, p, id, imputadoID, authz.CarpetasRead)
		if err != nil {
			return err
		}
		open := func(_ context.Context, at crypto.Place, column string, enc []byte) (string, error) {
			return sealed.Open(key, at, column, enc)
		}
		if out, err = corrections.History(ctx, tx, open, imputadoRecord, imputadoID, imputadoPlace(imputadoID)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "carpeta.historial_imputado", RecordType: "carpeta",
			RecordID: c.ID.String(), Municipio: c.Municipio, Detail: "imputado " + imputadoID.String(),
			Reason: audit.Reason{Code: reason.Code, Text: reason.Text, Of: sealed.Carpeta(id)}})
	})
	return out, err
}

// sealerWith seals a correction's reason with the carpeta's key.
func sealerWith(key crypto.DataKey) corrections.Sealer {
	return func(_ context.Context, at crypto.Place, column, text string) ([]byte, error) {
		return sealed.Seal(key, at, column, text)
	}
}

func showInt(v *int32) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(*v)
}

func showString(v *string) string {
	if v == nil {
		return ""
	}
	return *v
}

// keys names the fields a correction changed, in a stable order.
func keys(previous map[string]string, sealedPrevious map[string][]byte) []string {
	var out []string
	for _, f := range []string{"sex", "age", "nationality", "names"} {
		_, a := previous[f]
		_, b := sealedPrevious[f]
		if a || b {
			out = append(out, f)
		}
	}
	return out
}
