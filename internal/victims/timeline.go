package victims

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/google/uuid"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/store"
)

// Event is one entry of a víctima's timeline.
type Event struct {
	// On is the date it happened, in Quintana Roo.
	On time.Time
	// Kind is identificacion, registro, servicio, canalizacion or carpeta.
	Kind        string
	What        string
	Institution string
	Quantity    int
	Notes       string
}

// kindOrder orders the events of one day.
var kindOrder = []string{"identificacion", "registro", "servicio", "canalizacion", "carpeta"}

// Timeline returns, for a stated reason, what happened to a víctima in date
// order: her identification and registration, the services given, each
// step of her canalizaciones and of the carpetas she is in. It opens sealed
// notes, so the read is audited.
func (s *Service) Timeline(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) ([]Event, error) {
	if err := CheckReason(reason); err != nil {
		return nil, err
	}
	var events []Event
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		rec, err := s.Readable(ctx, tx, p, id)
		if err != nil {
			return err
		}
		events = append(events,
			Event{On: rec.Stats.IdentifiedOn, Kind: "identificacion", What: rec.Folio, Institution: rec.Institution},
			Event{On: clock.DateOf(rec.CreatedAt), Kind: "registro", What: rec.Folio, Institution: rec.Institution})
		notes := &noteKey{s, tx, id}
		if err := s.serviceEvents(ctx, tx, notes, &events); err != nil {
			return err
		}
		sent, err := tx.VictimCanalizaciones(ctx, id)
		if err != nil {
			return err
		}
		for _, c := range sent {
			events = append(events, Event{On: c.SentOn, Kind: "canalizacion", What: c.ServiceType + ": " + c.From + " → " + c.To + " (enviada)",
				Institution: c.From})
		}
		transitions, err := tx.VictimTransitions(ctx, id)
		if err != nil {
			return err
		}
		for _, t := range transitions {
			reason, err := notes.open(ctx, NotePlace(TransitionsTable, t.CanalizacionID), "reason", t.ReasonEnc)
			if err != nil {
				return err
			}
			events = append(events, Event{On: t.On, Kind: "canalizacion", What: t.ServiceType + ": " + t.FromInstitution + " → " +
				t.ToInstitution + " (" + t.To + ")", Institution: t.ByInstitution, Notes: reason})
		}
		carpetaEvents, err := tx.VictimCarpetaEvents(ctx, id)
		if err != nil {
			return err
		}
		for _, e := range carpetaEvents {
			what := e.Status
			if e.JudicialDistrict != nil {
				what += " (" + *e.JudicialDistrict + ")"
			}
			events = append(events, Event{On: e.OccurredOn, Kind: "carpeta", What: what})
		}
		return s.audit.Record(ctx, tx, actor(p), audit.Event{Action: "victima.historial", RecordType: "victima",
			RecordID: id.String(), Municipio: rec.Municipio, Reason: sealedReason(reason, id), Detail: "linea de tiempo"})
	})
	sort.SliceStable(events, func(i, j int) bool {
		if !events[i].On.Equal(events[j].On) {
			return events[i].On.Before(events[j].On)
		}
		return slices.Index(kindOrder, events[i].Kind) < slices.Index(kindOrder, events[j].Kind)
	})
	return events, err
}

func (s *Service) serviceEvents(ctx context.Context, tx *store.Store, notes *noteKey, events *[]Event) error {
	services, err := tx.VictimServices(ctx, notes.victim, false)
	if err != nil {
		return err
	}
	for _, sv := range services {
		text, err := notes.open(ctx, NotePlace(ServicesTable, sv.ID), "notes", sv.NotesEnc)
		if err != nil {
			return err
		}
		*events = append(*events, Event{On: sv.ProvidedOn, Kind: "servicio", What: sv.Type, Institution: sv.Institution,
			Quantity: sv.Quantity, Notes: text})
	}
	return nil
}
