package feed

import (
	"context"
	"fmt"
	"io"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/store"
)

// DefaultEntidad is Quintana Roo's INEGI code.
const DefaultEntidad = "23"

// Service exports the instance's feed and imports other instances'.
type Service struct {
	// store sees every municipio: a batch is the whole entidad's.
	store   *store.Store
	keys    *crypto.Keyring
	authz   *authz.Authorizer
	audit   *audit.Recorder
	clock   clock.Clock
	entidad string
}

// NewService returns the feed of the instance of entidad (its INEGI code).
func NewService(st *store.Store, keys *crypto.Keyring, a *authz.Authorizer, rec *audit.Recorder, c clock.Clock, entidad string) *Service {
	if entidad == "" {
		entidad = DefaultEntidad
	}
	return &Service{store: st.Statewide(), keys: keys, authz: a, audit: rec, clock: c, entidad: entidad}
}

// Export writes to w a signed batch of every record changed since the
// watermark since, and audits it as done by actor; progress hears how many
// records it has read. It returns the batch's header, whose Watermark is
// the next export's since.
func (s *Service) Export(ctx context.Context, actor audit.Actor, since int64, w io.Writer, progress func(done int)) (Header, error) {
	if since < 0 {
		return Header{}, apperr.Validation(apperr.FieldError{Field: "desde", Message: "La marca debe ser 0 o un número mayor."})
	}
	if _, err := s.keys.FeedPublicKey(); err != nil {
		return Header{}, err
	}
	records, err := newSpool(progress)
	if err != nil {
		return Header{}, err
	}
	defer records.file.Close()
	watermark, err := s.export(ctx, since, records)
	if err != nil {
		return Header{}, err
	}
	h := s.headerOf(since, watermark, records, s.clock.Now())
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		return s.audit.Record(ctx, tx, actor, audit.Event{Action: "carga_nacional.exportar", RecordType: "carga_nacional",
			RecordID: s.entidad, Detail: fmt.Sprintf("desde %s hasta %s: %d registros", h.Since, h.Watermark, h.Records)})
	})
	if err != nil {
		return Header{}, err
	}
	return h, s.write(w, h, records)
}

// ExportFor is Export for a signed-in user: only a role held statewide may
// pull the feed, which holds every municipio's records.
func (s *Service) ExportFor(ctx context.Context, p *authz.Principal, since int64, w io.Writer) (Header, error) {
	if !s.authz.Scope(p, authz.FeedRead).All {
		return Header{}, apperr.New(apperr.Forbidden, "Solo una cuenta de administración estatal puede descargar la carga nacional.")
	}
	return s.Export(ctx, audit.ActorOf(p), since, w, nil)
}
