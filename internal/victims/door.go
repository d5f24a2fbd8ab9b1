package victims

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// The door to a víctima's personal data. Her data key is unwrapped in this
// file only, and each opening names its caller, the reason and the record
// through which the caller reaches her, checks in the caller's transaction
// that she is in the caller's scope through that record, and audits the
// opening there. Update opens the record it changes under its own check
// and audit.

// Through is the record through which a caller reaches a víctima; it
// decides what the door checks and what it opens.
type Through struct {
	kind through
	// record is the caso reviewed or the canalización.
	record uuid.UUID
}

type through int

const (
	throughHerRecord through = iota
	throughReview
	throughCanalizacion
)

// HerRecord reaches a víctima through her own record: the full record for
// a caseworker of the registering institution in her municipio and for the
// Fiscalía of her municipio with a carpeta she is in; the minimal view for
// a Grupo de Trabajo member of her municipio.
var HerRecord = Through{kind: throughHerRecord}

// AReview reaches her through caso, which the Grupo de Trabajo of the
// caso's municipio reviews: the minimal view.
func AReview(caso uuid.UUID) Through { return Through{kind: throughReview, record: caso} }

// ACanalizacion reaches her through a canalización: her contact card and
// the notes about her, for the sending institution, and for the receiving
// one until it rejected it or the sender cancelled it, and while her
// consent to share stands (see SharedThrough).
func ACanalizacion(id uuid.UUID) Through { return Through{kind: throughCanalizacion, record: id} }

// Opened is what the door opened of a víctima: one of the full record, the
// minimal view or the contact card, and the notes other records keep
// about her.
type Opened struct {
	Full    *Victim
	Minimal *Minimal
	Contact *Contact
	notes   *noteKey
}

// Contact is the least a receiving institution needs to attend a víctima.
type Contact struct {
	Folio              string
	Name               string
	Sex                string
	Age                *int32
	Nationality        *string
	IndigenousLanguage *string
	Phone              string
}

// Note opens text another record keeps about her, sealed by Seal; an
// erased víctima's opens empty. Only a full record or a contact card opens
// notes.
func (o Opened) Note(ctx context.Context, at crypto.Place, column string, sealedText []byte) (string, error) {
	if o.notes == nil {
		return "", apperr.New(apperr.Forbidden, "No tiene acceso a las notas de esta víctima.")
	}
	return o.notes.open(ctx, at, column, sealedText)
}

// noteKey opens the notes sealed with one víctima's key.
type noteKey struct {
	s      *Service
	tx     *store.Store
	victim uuid.UUID
}

func (k *noteKey) open(ctx context.Context, at crypto.Place, column string, sealedText []byte) (string, error) {
	return k.s.texts.Open(ctx, k.tx, sealed.Victim(k.victim), at, column, sealedText)
}

// Reveal opens víctima id for caller p and the stated reason, through via,
// in tx. A víctima the caller may not reach through via is NotFound. The
// opening is audited in tx as a consultation of her, naming the view and
// the record she was reached through.
func (s *Service) Reveal(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, via Through, reason audit.Reason) (Opened, error) {
	if err := CheckReason(reason); err != nil {
		return Opened{}, err
	}
	rec, full, err := s.admit(ctx, tx, p, id, via)
	if err != nil {
		return Opened{}, err
	}
	var o Opened
	var detail string
	switch {
	case via.kind == throughCanalizacion:
		var c Contact
		c, err = s.contact(rec)
		o.Contact, o.notes = &c, &noteKey{s, tx, id}
		detail = "contacto; canalizacion " + via.record.String()
	case full:
		var v Victim
		v, err = s.open(ctx, tx, rec)
		o.Full, o.notes = &v, &noteKey{s, tx, id}
		detail = "completa"
	default:
		var m Minimal
		m, err = s.minimal(ctx, tx, rec)
		o.Minimal = &m
		if detail = "minima"; via.kind == throughReview {
			detail += "; caso " + via.record.String()
		}
	}
	if err != nil {
		return Opened{}, err
	}
	return o, s.audit.Record(ctx, tx, actor(p), audit.Event{Action: "victima.consultar", RecordType: "victima",
		RecordID: id.String(), Municipio: rec.Municipio, Reason: sealedReason(reason, id), Detail: detail})
}

// admit finds víctima id as the caller reaches her through via, and says
// whether the caller may see her full record.
func (s *Service) admit(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, via Through) (domain.VictimRecord, bool, error) {
	switch via.kind {
	case throughHerRecord:
		return s.locate(ctx, tx, p, id)
	case throughReview:
		scope := s.authz.Scope(p, authz.VictimasReadMinimal)
		if !scope.Allowed() {
			return domain.VictimRecord{}, false, errNotFound
		}
		if _, err := tx.Caso(ctx, via.record, scope.InStore(false)); err != nil {
			return domain.VictimRecord{}, false, notFound(err)
		}
		members, err := tx.CasoVictims(ctx, via.record)
		if err != nil {
			return domain.VictimRecord{}, false, err
		}
		if !slices.ContainsFunc(members, func(v domain.VictimSummary) bool { return v.ID == id }) {
			return domain.VictimRecord{}, false, errNotFound
		}
	case throughCanalizacion:
		scope := s.authz.ScopeOfAny(p, authz.CanalizacionesSend, authz.CanalizacionesReceive)
		if !scope.Allowed() {
			return domain.VictimRecord{}, false, errNotFound
		}
		c, err := tx.Canalizacion(ctx, via.record, scope.InStore(true))
		if err != nil {
			return domain.VictimRecord{}, false, notFound(err)
		}
		shares, err := s.SharedThrough(ctx, tx, c, p.Institution)
		if err != nil {
			return domain.VictimRecord{}, false, err
		}
		if c.VictimID != id || !shares {
			return domain.VictimRecord{}, false, errNotFound
		}
	}
	// Through a caso or canalización in the caller's scope, wherever she
	// was registered.
	rec, err := tx.Victim(ctx, id, domain.Scope{AllMunicipios: true, AnyInstitution: true})
	return rec, false, notFound(err)
}

// SharedThrough says whether institution's side of canalización c still
// reaches its víctima: the sender always; the receiver while c stands (see
// SharesVictimWith) and while she consents to sharing her data with other
// institutions, unless c was sent without her consent by a motivated
// exception. Once she withdraws it, the receiver keeps the referral and
// its steps, not her contact card nor the notes about her.
func (s *Service) SharedThrough(ctx context.Context, tx *store.Store, c domain.Canalizacion, institution string) (bool, error) {
	if !c.SharesVictimWith(institution) {
		return false, nil
	}
	if institution == c.From || c.ConsentOverride {
		return true, nil
	}
	consents, err := tx.LatestConsents(ctx, c.VictimID, s.clock.Today())
	return domain.SharingGranted(consents), err
}

// notFound answers any record not found as the víctima not found.
func notFound(err error) error { return apperr.NotFoundAs(errNotFound, err) }

// open decrypts a stored víctima into the full record.
func (s *Service) open(ctx context.Context, tx *store.Store, rec domain.VictimRecord) (Victim, error) {
	v := Victim{ID: rec.ID, Folio: rec.Folio, Institution: rec.Institution, Municipio: rec.Municipio, Attributes: rec.Stats,
		Erased: rec.ErasedAt != nil, Version: rec.Version, CreatedAt: rec.CreatedAt}
	if !v.Erased {
		personal, _, err := s.decrypt(rec)
		if err != nil {
			return v, err
		}
		v.Personal = personal
	}
	var err error
	if v.Consents, err = tx.LatestConsents(ctx, rec.ID, s.clock.Today()); err != nil {
		return v, err
	}
	v.Casos, err = tx.VictimCasos(ctx, rec.ID)
	return v, err
}

// minimal builds the Grupo de Trabajo's view: folio, initials, sex, age
// group, nationality, modalidades and the caso's status.
func (s *Service) minimal(ctx context.Context, tx *store.Store, rec domain.VictimRecord) (Minimal, error) {
	m := Minimal{ID: rec.ID, Folio: rec.Folio, Sex: rec.Stats.Sex, AgeGroup: AgeGroup(rec.Stats.Age),
		Nationality: rec.Stats.Nationality, Status: "sin_expediente"}
	if rec.ErasedAt == nil {
		personal, _, err := s.decrypt(rec)
		if err != nil {
			return m, err
		}
		m.Initials = initials(personal)
	}
	var err error
	if m.Modalidades, err = tx.VictimModalidades(ctx, rec.ID); err != nil {
		return m, err
	}
	casos, err := tx.VictimCasos(ctx, rec.ID)
	if len(casos) > 0 {
		m.Status = casos[len(casos)-1].Status
	}
	return m, err
}

// contact builds a víctima's contact card.
func (s *Service) contact(rec domain.VictimRecord) (Contact, error) {
	c := Contact{Folio: rec.Folio, Sex: rec.Stats.Sex, Age: rec.Stats.Age, Nationality: rec.Stats.Nationality,
		IndigenousLanguage: rec.Stats.IndigenousLanguage}
	if rec.ErasedAt != nil {
		return c, nil
	}
	p, _, err := s.decrypt(rec)
	if err != nil {
		return c, err
	}
	c.Name = fullName(p)
	c.Phone = p.Phone
	return c, nil
}

func fullName(p Personal) string {
	name := p.GivenNames
	for _, part := range []string{p.FirstSurname, p.SecondSurname} {
		if part != "" {
			name += " " + part
		}
	}
	if name == "" {
		return p.Alias
	}
	return name
}

// nameBatch is how many víctimas a search by name fragments opens at a time.
const nameBatch = 2000

// namesMatching opens, batch by batch, the names and alias of the víctimas
// in sc and returns those holding every word of words (normalized by
// crypto.Normalize) inside a word of theirs, with their full name, stopping
// once it has found more than most. The caller audits what it returns;
// the names it opened and did not return never leave this function.
func (s *Service) namesMatching(ctx context.Context, tx *store.Store, sc domain.Scope, words []string, most int) ([]named, error) {
	var found []named
	after := uuid.Nil
	for {
		batch, err := tx.VictimNames(ctx, sc, after, nameBatch)
		if err != nil {
			return nil, err
		}
		for _, rec := range batch {
			p, _, err := s.decrypt(rec)
			if err != nil {
				return nil, err
			}
			if holdsEvery(crypto.Normalize(fullName(p)+" "+p.Alias), words) {
				if found = append(found, named{rec, fullName(p)}); len(found) > most {
					return found, nil
				}
			}
		}
		if len(batch) < nameBatch {
			return found, nil
		}
		after = batch[len(batch)-1].ID
	}
}

// named is a víctima found by her name, with it.
type named struct {
	rec  domain.VictimRecord
	name string
}

// holdsEvery says whether each of words is inside some word of name.
func holdsEvery(name string, words []string) bool {
	theirs := strings.Fields(name)
	for _, w := range words {
		if !slices.ContainsFunc(theirs, func(t string) bool { return strings.Contains(t, w) }) {
			return false
		}
	}
	return true
}

// decrypt opens every personal field of rec and returns the data key too.
func (s *Service) decrypt(rec domain.VictimRecord) (Personal, crypto.DataKey, error) {
	var p Personal
	key, err := s.dataKey(rec)
	if err != nil {
		return p, nil, err
	}
	for col, field := range p.fields() {
		if *field, err = crypto.Open(key, place(rec.ID), col, rec.Sealed[col]); err != nil {
			return p, nil, err
		}
	}
	return p, key, nil
}

// dataKey unwraps rec's data key; an erased víctima has none.
func (s *Service) dataKey(rec domain.VictimRecord) (crypto.DataKey, error) {
	if rec.ErasedAt != nil {
		return nil, nil
	}
	return s.keys.UnwrapKey(rec.WrappedKey, place(rec.ID))
}

// previous opens the value a change replaced, with the víctima's key (nil
// once she was erased).
func previous(key crypto.DataKey, id uuid.UUID, c domain.VictimChange) (string, error) {
	switch {
	case c.PreviousClear != nil:
		return *c.PreviousClear, nil
	case key == nil:
		return "", nil
	}
	return crypto.Open(key, place(id), c.Field, c.PreviousEnc)
}
