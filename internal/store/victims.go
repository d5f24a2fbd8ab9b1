package store

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

func victimFromRow(r db.Victim) domain.VictimRecord {
	rec := domain.VictimRecord{
		ID: r.ID, Folio: r.Folio, Institution: r.InstitutionCode, Municipio: r.MunicipioCode,
		Stats: domain.VictimStats{IdentifiedOn: r.IdentifiedOn, Sex: r.Sex, Age: r.AgeAtIdentification, Nationality: r.Nationality,
			EstadoCivil: r.EstadoCivil, CalidadMigratoria: r.CalidadMigratoria, IndigenousLanguage: r.IndigenousLanguage,
			Disability: r.Disability, MinorAtTime: r.MinorAtTime, DenunciaFiled: r.DenunciaFiled},
		WrappedKey: r.DekWrapped, CurpIndex: r.CurpBidx, NameDOBIndex: r.NameDobBidx, Version: int(r.Version),
		CreatedAt: r.CreatedAt, ErasedAt: r.ErasedAt,
		Sealed: map[string][]byte{
			"given_names": r.GivenNamesEnc, "first_surname": r.FirstSurnameEnc, "second_surname": r.SecondSurnameEnc,
			"alias": r.AliasEnc, "curp": r.CurpEnc, "birth_date": r.BirthDateEnc, "address": r.AddressEnc,
			"phone": r.PhoneEnc, "contacts": r.ContactsEnc, "notes": r.NotesEnc,
		},
	}
	if r.DekVersion != nil {
		rec.KeyVersion = int(*r.DekVersion)
	}
	return rec
}

// NextFolios takes the next n numbers of a folio series: kind's, of the
// year, in the entidad of municipio. It returns the last with the
// entidad's folio prefix; the counter stays locked until the transaction
// ends.
func (s *Store) NextFolios(ctx context.Context, kind, municipio string, year, n int) (prefix string, last int, err error) {
	row, err := s.q.NextFolios(ctx, db.NextFoliosParams{Kind: kind, Municipio: municipio, Year: int32(year), N: int32(n)})
	return row.Prefix, int(row.Last), mapError("next folios", err)
}

// InsertVictim stores a new víctima.
func (s *Store) InsertVictim(ctx context.Context, v domain.VictimRecord, createdBy uuid.UUID) error {
	return mapError("insert victim", s.q.InsertVictim(ctx, victimParams(v, createdBy, s.stamp(v.CreatedAt))))
}

// InsertVictims stores new víctimas in one go.
func (s *Store) InsertVictims(ctx context.Context, vs []domain.VictimRecord, createdBy uuid.UUID) error {
	rows := make([]db.InsertVictimsBatchParams, len(vs))
	for i, v := range vs {
		rows[i] = db.InsertVictimsBatchParams(victimParams(v, createdBy, s.stamp(v.CreatedAt)))
	}
	return mapError("insert victims", runBatch(s.q.InsertVictimsBatch(ctx, rows)))
}

func victimParams(v domain.VictimRecord, createdBy uuid.UUID, at time.Time) db.InsertVictimParams {
	version := int32(v.KeyVersion)
	st := v.Stats
	return db.InsertVictimParams{
		ID: v.ID, Folio: v.Folio, InstitutionCode: v.Institution, MunicipioCode: v.Municipio, IdentifiedOn: st.IdentifiedOn,
		Sex: st.Sex, AgeAtIdentification: st.Age, Nationality: st.Nationality, EstadoCivil: st.EstadoCivil,
		CalidadMigratoria: st.CalidadMigratoria, IndigenousLanguage: st.IndigenousLanguage, Disability: st.Disability,
		MinorAtTime: st.MinorAtTime, DenunciaFiled: st.DenunciaFiled, DekWrapped: v.WrappedKey, DekVersion: &version,
		GivenNamesEnc: v.Sealed["given_names"], FirstSurnameEnc: v.Sealed["first_surname"],
		SecondSurnameEnc: v.Sealed["second_surname"], AliasEnc: v.Sealed["alias"], CurpEnc: v.Sealed["curp"],
		BirthDateEnc: v.Sealed["birth_date"], AddressEnc: v.Sealed["address"], PhoneEnc: v.Sealed["phone"],
		ContactsEnc: v.Sealed["contacts"], NotesEnc: v.Sealed["notes"], CurpBidx: v.CurpIndex, NameDobBidx: v.NameDOBIndex,
		CreatedBy: uuid.NullUUID{UUID: createdBy, Valid: createdBy != uuid.Nil}, CreatedAt: at, UpdatedAt: at,
	}
}

// Victim returns a víctima within scope; outside it, NotFound.
func (s *Store) Victim(ctx context.Context, id uuid.UUID, sc domain.Scope) (domain.VictimRecord, error) {
	r, err := s.q.GetVictimScoped(ctx, db.GetVictimScopedParams{ID: id, AllMunicipios: sc.AllMunicipios,
		Domains: sc.Domains(), AnyInstitution: sc.AnyInstitution, Institution: sc.Institution})
	return victimFromRow(r), mapError("get victim", err)
}

// VictimForUpdate returns a víctima locked until the transaction ends.
func (s *Store) VictimForUpdate(ctx context.Context, id uuid.UUID) (domain.VictimRecord, error) {
	r, err := s.q.GetVictimForUpdate(ctx, id)
	return victimFromRow(r), mapError("lock victim", err)
}

// UpdateVictim writes v if its stored version is still expected; a stale
// version is PreconditionFailed.
func (s *Store) UpdateVictim(ctx context.Context, v domain.VictimRecord, expected int) error {
	st := v.Stats
	n, err := s.q.UpdateVictim(ctx, db.UpdateVictimParams{Now: s.now(),
		ID: v.ID, IdentifiedOn: st.IdentifiedOn, Sex: st.Sex, AgeAtIdentification: st.Age, Nationality: st.Nationality,
		EstadoCivil: st.EstadoCivil, CalidadMigratoria: st.CalidadMigratoria, IndigenousLanguage: st.IndigenousLanguage,
		Disability: st.Disability, MinorAtTime: st.MinorAtTime, DenunciaFiled: st.DenunciaFiled,
		GivenNamesEnc: v.Sealed["given_names"], FirstSurnameEnc: v.Sealed["first_surname"],
		SecondSurnameEnc: v.Sealed["second_surname"], AliasEnc: v.Sealed["alias"], CurpEnc: v.Sealed["curp"],
		BirthDateEnc: v.Sealed["birth_date"], AddressEnc: v.Sealed["address"], PhoneEnc: v.Sealed["phone"],
		ContactsEnc: v.Sealed["contacts"], NotesEnc: v.Sealed["notes"], CurpBidx: v.CurpIndex, NameDobBidx: v.NameDOBIndex,
		ExpectedVersion: int32(expected),
	})
	return staleOr("update victim", n, err)
}

// countBeyond is how far past the first page a list's total is counted.
const countBeyond = 1000

// VictimsPage is a page of víctimas and, for a first page, their total,
// counted up to countBeyond past the page: AtLeast says more than Total
// match. More says a page follows.
type VictimsPage struct {
	Items   []domain.VictimSummary
	Total   int
	AtLeast bool
	More    bool
}

// Victims returns a page of víctimas within scope, newest first, after
// the víctima after (none: the first page, which alone is counted), in
// one statement.
func (s *Store) Victims(ctx context.Context, sc domain.Scope, f domain.VictimFilter, limit int, after uuid.NullUUID) (VictimsPage, error) {
	most := 0
	if !after.Valid {
		most = limit + countBeyond + 1
	}
	rows, err := s.q.ListVictimsScoped(ctx, db.ListVictimsScopedParams{
		AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(), AnyInstitution: sc.AnyInstitution, Institution: sc.Institution,
		Sex: f.Sex, Nationality: f.Nationality, Municipio: f.Municipio, Minor: f.Minor,
		IdentifiedFrom: f.IdentifiedFrom, IdentifiedTo: f.IdentifiedTo, Most: int32(most), After: after,
		MaxRows: int32(limit + 1), // one more tells whether a page follows
	})
	if err != nil {
		return VictimsPage{}, mapError("list victims", err)
	}
	var out VictimsPage
	if len(rows) > 0 && most > 0 {
		out.Total, out.AtLeast = min(int(rows[0].Matches), most-1), int(rows[0].Matches) >= most
	}
	if len(rows) > limit {
		rows, out.More = rows[:limit], true
	}
	out.Items = make([]domain.VictimSummary, len(rows))
	for i, r := range rows {
		out.Items[i] = victimSummary(summaryRow{r.ID, r.Folio, r.InstitutionCode, r.MunicipioCode, r.IdentifiedOn, r.Sex,
			r.AgeAtIdentification, r.Nationality, r.MinorAtTime, r.DenunciaFiled, r.ErasedAt, r.CreatedAt})
	}
	return out, nil
}

// summaryRow holds the columns every query listing víctimas selects.
type summaryRow struct {
	ID                  uuid.UUID
	Folio               string
	InstitutionCode     string
	MunicipioCode       string
	IdentifiedOn        time.Time
	Sex                 string
	AgeAtIdentification *int32
	Nationality         *string
	MinorAtTime         *bool
	DenunciaFiled       *bool
	ErasedAt            *time.Time
	CreatedAt           time.Time
}

// victimSummary is a listed víctima; the lists of a caso's and of a
// carpeta's víctimas select the same columns.
func victimSummary(r summaryRow) domain.VictimSummary {
	return domain.VictimSummary{ID: r.ID, Folio: r.Folio, Institution: r.InstitutionCode, Municipio: r.MunicipioCode,
		Stats: domain.VictimStats{IdentifiedOn: r.IdentifiedOn, Sex: r.Sex, Age: r.AgeAtIdentification, Nationality: r.Nationality,
			MinorAtTime: r.MinorAtTime, DenunciaFiled: r.DenunciaFiled},
		Erased: r.ErasedAt != nil, CreatedAt: r.CreatedAt}
}

// FindVictimsByIndexes returns, up to most, the víctimas in any municipio
// and institution whose CURP or name-and-birth-date index is among the
// given ones, each with her indexes: for duplicate detection within a
// transaction limited to the caller's rows, answering only what a duplicate
// warning needs.
func (s *Store) FindVictimsByIndexes(ctx context.Context, curps, nameDOBs [][]byte, entidades []string, most int) ([]domain.VictimMatch, error) {
	rows, err := s.q.FindVictimsByIndexes(ctx, db.FindVictimsByIndexesParams{CurpBidxs: curps, NameDobBidxs: nameDOBs,
		Entidades: entidades, Most: int32(most)})
	if err != nil {
		return nil, mapError("find victims by indexes", err)
	}
	out := make([]domain.VictimMatch, len(rows))
	for i, r := range rows {
		out[i] = domain.VictimMatch{ID: r.ID, Folio: r.Folio, Institution: r.InstitutionCode, Municipio: r.MunicipioCode,
			CurpIndex: r.CurpBidx, NameDOBIndex: r.NameDobBidx}
	}
	return out, nil
}

// LockVictimIndexes takes, until the transaction ends, a lock for each
// blind index given (nil ones are skipped), shared by the indexes of its
// bucket: a registration of a person holding them waits for another of
// the same person to end, and then sees her.
func (s *Store) LockVictimIndexes(ctx context.Context, indexes [][]byte) error {
	var buckets []int32
	for _, idx := range indexes {
		if len(idx) > 0 {
			// An index is an HMAC: its first byte spreads the indexes
			// evenly over 256 buckets.
			buckets = append(buckets, int32(idx[0]))
		}
	}
	if len(buckets) == 0 {
		return nil
	}
	slices.Sort(buckets)
	return mapError("lock victim indexes", s.q.LockVictimIndexBuckets(ctx, slices.Compact(buckets)))
}

// VictimsByIndex returns the víctimas within scope whose CURP or
// name-and-birth-date index equals the given one (nil matches nothing),
// found and scoped by one query.
func (s *Store) VictimsByIndex(ctx context.Context, curp, nameDOB []byte, sc domain.Scope) ([]domain.VictimSummary, error) {
	rows, err := s.q.FindVictimsByIndexScoped(ctx, db.FindVictimsByIndexScopedParams{CurpBidx: curp, NameDobBidx: nameDOB,
		AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(), AnyInstitution: sc.AnyInstitution, Institution: sc.Institution})
	if err != nil {
		return nil, mapError("find victims by index in scope", err)
	}
	out := make([]domain.VictimSummary, len(rows))
	for i, r := range rows {
		out[i] = victimSummary(summaryRow(r))
	}
	return out, nil
}

// InsertVictimChange records a field's previous value.
func (s *Store) InsertVictimChange(ctx context.Context, victimID uuid.UUID, by uuid.UUID, c domain.VictimChange) error {
	return mapError("insert victim change", s.q.InsertVictimChange(ctx, db.InsertVictimChangeParams{ChangedAt: s.now(),
		VictimID: victimID, Version: int32(c.Version), ChangedBy: uuid.NullUUID{UUID: by, Valid: by != uuid.Nil},
		Field: c.Field, PreviousClear: c.PreviousClear, PreviousEnc: c.PreviousEnc,
	}))
}

// VictimChanges returns a víctima's history, oldest first.
func (s *Store) VictimChanges(ctx context.Context, victimID uuid.UUID) ([]domain.VictimChange, error) {
	rows, err := s.q.ListVictimChanges(ctx, victimID)
	if err != nil {
		return nil, mapError("list victim changes", err)
	}
	out := make([]domain.VictimChange, len(rows))
	for i, r := range rows {
		out[i] = domain.VictimChange{Version: int(r.Version), ChangedAt: r.ChangedAt, ChangedBy: r.ChangedBy, Field: r.Field,
			PreviousClear: r.PreviousClear, PreviousEnc: r.PreviousEnc}
	}
	return out, nil
}

// EraseVictim destroys a víctima's data key, ciphertexts, indexes and
// previous encrypted values.
func (s *Store) EraseVictim(ctx context.Context, id uuid.UUID) error {
	n, err := s.q.EraseVictim(ctx, db.EraseVictimParams{ID: id, Now: s.now()})
	if err := rowsOrNotFound("erase victim", n, err); err != nil {
		return err
	}
	return mapError("erase victim history", s.q.EraseVictimChanges(ctx, id))
}

// VictimByFolio finds a víctima by exact folio within scope; outside it,
// NotFound, as for a folio never issued.
func (s *Store) VictimByFolio(ctx context.Context, folio string, sc domain.Scope) (domain.VictimSummary, error) {
	r, err := s.q.GetVictimByFolioScoped(ctx, db.GetVictimByFolioScopedParams{Folio: folio, AllMunicipios: sc.AllMunicipios,
		Domains: sc.Domains(), AnyInstitution: sc.AnyInstitution, Institution: sc.Institution})
	if err != nil {
		return domain.VictimSummary{}, mapError("get victim by folio", err)
	}
	return victimSummary(summaryRow(r)), nil
}

// VictimsByCurp returns the víctimas within scope whose CURP index is curp.
func (s *Store) VictimsByCurp(ctx context.Context, curp []byte, sc domain.Scope) ([]domain.VictimMatch, error) {
	rows, err := s.q.FindVictimsByCurpScoped(ctx, db.FindVictimsByCurpScopedParams{CurpBidx: curp, AllMunicipios: sc.AllMunicipios,
		Domains: sc.Domains(), AnyInstitution: sc.AnyInstitution, Institution: sc.Institution})
	if err != nil {
		return nil, mapError("find victims by curp", err)
	}
	out := make([]domain.VictimMatch, len(rows))
	for i, r := range rows {
		out[i] = domain.VictimMatch{ID: r.ID, Folio: r.Folio, Institution: r.InstitutionCode, Municipio: r.MunicipioCode}
	}
	return out, nil
}

// VictimNames returns up to limit víctimas in scope after id (uuid.Nil for
// the first batch), in id order, with the sealed names and the wrapped data
// key that open them; erased víctimas are left out.
func (s *Store) VictimNames(ctx context.Context, sc domain.Scope, after uuid.UUID, limit int) ([]domain.VictimRecord, error) {
	rows, err := s.q.ListVictimNamesScoped(ctx, db.ListVictimNamesScopedParams{AllMunicipios: sc.AllMunicipios,
		Domains: sc.Domains(), AnyInstitution: sc.AnyInstitution, Institution: sc.Institution, After: after,
		MaxRows: int32(limit)})
	if err != nil {
		return nil, mapError("list victim names", err)
	}
	out := make([]domain.VictimRecord, len(rows))
	for i, r := range rows {
		out[i] = domain.VictimRecord{ID: r.ID, Folio: r.Folio, Institution: r.InstitutionCode, Municipio: r.MunicipioCode,
			Stats: domain.VictimStats{IdentifiedOn: r.IdentifiedOn, Sex: r.Sex, Age: r.AgeAtIdentification,
				Nationality: r.Nationality, MinorAtTime: r.MinorAtTime, DenunciaFiled: r.DenunciaFiled},
			WrappedKey: r.DekWrapped, CreatedAt: r.CreatedAt,
			Sealed: map[string][]byte{"given_names": r.GivenNamesEnc, "first_surname": r.FirstSurnameEnc,
				"second_surname": r.SecondSurnameEnc, "alias": r.AliasEnc},
		}
	}
	return out, nil
}
