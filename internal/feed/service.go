package feed

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// DefaultEntidad is Quintana Roo's INEGI code.
const DefaultEntidad = "23"

// Service exports the instance's feed and imports other instances'.
type Service struct {
	// store sees every municipio; an export reads its entidad's alone.
	store *store.Store
	// owner, connected as the tables' owner, is where an import writes:
	// the application's role may only read the imported records.
	owner *store.Store
	// recipient is the national instance's age recipient.
	recipient string
	keys      *crypto.Keyring
	authz     *authz.Authorizer
	audit     *audit.Recorder
	clock     clock.Clock
	entidad   string
}

// NewService returns the feed of the instance of entidad (its INEGI code).
func NewService(st *store.Store, keys *crypto.Keyring, a *authz.Authorizer, rec *audit.Recorder, c clock.Clock, entidad string) *Service {
	if entidad == "" {
		entidad = DefaultEntidad
	}
	return &Service{store: st.Nationwide(), keys: keys, authz: a, audit: rec, clock: c, entidad: entidad}
}

// WithOwner returns the same Service importing through owner, a store
// connected as the owner role (SINTRA_OWNER_DATABASE_URL).
func (s *Service) WithOwner(owner *store.Store) *Service {
	out := *s
	out.owner = owner.Nationwide()
	return &out
}

// WithRecipient returns the same Service sealing its batches for
// recipient, the national instance's age recipient.
func (s *Service) WithRecipient(recipient string) *Service {
	out := *s
	out.recipient = recipient
	return &out
}

// errNoRecipient refuses to let a batch leave unencrypted.
var errNoRecipient = apperr.New(apperr.Internal, "La carga nacional sale cifrada para la instancia nacional: configure SINTRA_FEED_RECIPIENT.")

// ExportSealed is Export with the batch encrypted to the national
// instance's recipient as it is written: the only form in which a batch
// leaves the state.
func (s *Service) ExportSealed(ctx context.Context, actor audit.Actor, since int64, full bool, w io.Writer, progress func(done int)) (Header, error) {
	if s.recipient == "" {
		return Header{}, errNoRecipient
	}
	sealed, err := Seal(w, s.recipient)
	if err != nil {
		return Header{}, err
	}
	h, err := s.exportBatch(ctx, actor, since, full, sealed, progress)
	if err != nil {
		return Header{}, err
	}
	return h, sealed.Close()
}

// Export writes to w a signed batch of every record changed since the
// watermark since, and audits it as done by actor; progress hears how many
// records it has read. It returns the batch's header, whose Watermark is
// the next export's since.
func (s *Service) Export(ctx context.Context, actor audit.Actor, since int64, w io.Writer, progress func(done int)) (Header, error) {
	return s.exportBatch(ctx, actor, since, false, w, progress)
}

// ExportFull writes to w the full batch that starts a new generation of
// the series: every record of the entidad, as an export from 0 holds them,
// numbered 1 in the new generation. The national instance replaces what
// it imported from the entidad with it. After a restore from a backup, the
// state's series, watermarks and versions went back in time; this batch
// brings the national instance to what the state holds now.
func (s *Service) ExportFull(ctx context.Context, actor audit.Actor, w io.Writer, progress func(done int)) (Header, error) {
	return s.exportBatch(ctx, actor, 0, true, w, progress)
}

var errFullFromZero = apperr.Validation(apperr.FieldError{Field: "desde",
	Message: "Un lote completo lleva todos los registros: pídalo desde 0."})

// exportBatch is Export, or with full ExportFull.
func (s *Service) exportBatch(ctx context.Context, actor audit.Actor, since int64, full bool, w io.Writer, progress func(done int)) (Header, error) {
	if full && since != 0 {
		return Header{}, errFullFromZero
	}
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
	h.Full = full
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if err := s.chain(ctx, tx, &h, records); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, actor, audit.Event{Action: "carga_nacional.exportar", RecordType: "carga_nacional",
			RecordID: s.entidad, Detail: fmt.Sprintf("%slote %d, desde %s hasta %s: %d registros", generationNote(h), h.Sequence,
				h.Since, h.Watermark, h.Records)})
	})
	if err != nil {
		return Header{}, err
	}
	return h, s.write(w, h, records)
}

// chain numbers the batch as the next of its generation's series, naming
// the hash of the one before (a full batch starts a new generation at 1),
// and records its own hash for the next: the batch is signed
// deterministically, so writing it once to a hash gives the hash of the
// bytes written later.
func (s *Service) chain(ctx context.Context, tx *store.Store, h *Header, records *spool) error {
	if err := tx.LockFeedSeries(ctx, "export"); err != nil {
		return err
	}
	last, err := tx.LastFeedExport(ctx)
	if err != nil {
		return err
	}
	h.Generation, h.Sequence, h.Previous = last.Generation, last.Sequence+1, hex.EncodeToString(last.SHA256)
	if h.Full {
		h.Generation, h.Sequence, h.Previous = newGeneration(), 1, ""
	}
	sum := sha256.New()
	if err := s.write(sum, *h, records); err != nil {
		return err
	}
	return tx.InsertFeedExport(ctx, domain.FeedLink{Generation: h.Generation, Sequence: h.Sequence, SHA256: sum.Sum(nil)}, h.Full,
		mustInt(h.Since), mustInt(h.Watermark), h.Records)
}

// newGeneration names a new generation: 128 random bits in hex.
func newGeneration() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// generationNote names a full batch's new generation in the audit trail.
func generationNote(h Header) string {
	if !h.Full {
		return ""
	}
	return "completo, generación " + h.Generation + ", "
}

func mustInt(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// ExportFor is Export for a signed-in user: only a role held in the whole
// entidad, or nationally, may pull the feed, which holds every one of the
// entidad's municipios' records.
func (s *Service) ExportFor(ctx context.Context, p *authz.Principal, since int64, full bool, w io.Writer) (Header, error) {
	if !s.authz.Scope(p, authz.FeedRead).Covers(s.entidad) {
		return Header{}, apperr.New(apperr.Forbidden, "Solo el enlace nacional de toda la entidad, o de la nación, puede descargar la carga nacional.")
	}
	return s.ExportSealed(ctx, audit.ActorOf(p), since, full, w, nil)
}
