package feed

import (
	"bufio"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store"
)

// pageSize is how many changed records an export reads at a time.
const pageSize = 1000

// spool gathers a batch's record lines in a temporary file, so that its
// header can say how many there are and what dates they cover. The lines
// wait there encrypted under a key held in memory only: the file, or the
// disk after a crash, holds nothing readable.
type spool struct {
	file     *os.File
	key      *age.X25519Identity
	sealed   io.WriteCloser
	w        *bufio.Writer
	closed   bool
	records  int
	from, to string
	progress func(done int)
}

func newSpool(progress func(int)) (*spool, error) {
	key, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, fmt.Errorf("feed: export: %w", err)
	}
	f, err := os.CreateTemp("", "sintra-feed-*.age")
	if err != nil {
		return nil, fmt.Errorf("feed: export: %w", err)
	}
	os.Remove(f.Name()) // gone once closed, whatever happens
	sealed, err := age.Encrypt(f, key.Recipient())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("feed: export: %w", err)
	}
	if progress == nil {
		progress = func(int) {}
	}
	return &spool{file: f, key: key, sealed: sealed, w: bufio.NewWriterSize(sealed, 1<<16), progress: progress}, nil
}

// lines returns the spooled lines from the first, in clear; once it is
// called, no line can be added.
func (s *spool) lines() (io.Reader, error) {
	if !s.closed {
		if err := s.w.Flush(); err != nil {
			return nil, fmt.Errorf("feed: export: %w", err)
		}
		if err := s.sealed.Close(); err != nil {
			return nil, fmt.Errorf("feed: export: %w", err)
		}
		s.closed = true
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("feed: export: %w", err)
	}
	r, err := age.Decrypt(s.file, s.key)
	if err != nil {
		return nil, fmt.Errorf("feed: export: %w", err)
	}
	return r, nil
}

func (s *spool) add(r Record, dates ...string) error {
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	s.w.Write(line)
	if err := s.w.WriteByte('\n'); err != nil {
		return fmt.Errorf("feed: export: %w", err)
	}
	for _, d := range dates {
		if d == "" {
			continue
		}
		if s.from == "" || d < s.from {
			s.from = d
		}
		if d > s.to {
			s.to = d
		}
	}
	s.records++
	if s.records%pageSize == 0 {
		s.progress(s.records)
	}
	return nil
}

// export reads, in one snapshot, every record changed since the watermark
// since, into the spool; it returns the snapshot's watermark.
func (s *Service) export(ctx context.Context, since int64, out *spool) (int64, error) {
	var watermark int64
	err := s.store.InEntidad(s.entidad).Snapshot(ctx, func(tx *store.Store) error {
		var err error
		if watermark, err = tx.FeedWatermark(ctx); err != nil {
			return err
		}
		after := domain.FeedChange{}
		for {
			changes, err := tx.FeedChanges(ctx, since, after, pageSize)
			if err != nil {
				return err
			}
			if len(changes) == 0 {
				return nil
			}
			if err := s.exportPage(ctx, tx, changes, out); err != nil {
				return err
			}
			after = changes[len(changes)-1]
		}
	})
	return watermark, err
}

// exportPage writes one page of changed records, in the page's order.
func (s *Service) exportPage(ctx context.Context, tx *store.Store, changes []domain.FeedChange, out *spool) error {
	ids := map[string][]uuid.UUID{}
	for _, c := range changes {
		ids[c.Kind] = append(ids[c.Kind], c.ID)
	}
	lines, err := s.read(ctx, tx, ids)
	if err != nil {
		return err
	}
	for _, c := range changes {
		l, ok := lines[c.ID]
		if !ok || !s.ours(l) {
			continue
		}
		l.record.Kind, l.record.Pseudonym, l.record.Version = c.Kind, s.keys.FeedPseudonym(c.Kind, c.ID), c.Version
		if err := out.add(l.record, l.dates...); err != nil {
			return err
		}
	}
	return nil
}

// line is a record ready to write, with the municipios that place it in an
// entidad (or, for an activity, its institution's entidad) and the dates it
// covers.
type line struct {
	record     Record
	municipios []string
	entidad    string
	dates      []string
}

// read reads the records of each kind by id.
func (s *Service) read(ctx context.Context, tx *store.Store, ids map[string][]uuid.UUID) (map[uuid.UUID]line, error) {
	n := namer(s.keys.FeedPseudonym)
	out := map[uuid.UUID]line{}
	victims, err := tx.FeedVictims(ctx, ids[domain.KindVictima])
	for _, v := range victims {
		out[v.ID] = line{record: Record{Victima: wireVictima(v)}, municipios: []string{v.Municipio}}
	}
	casos, err2 := tx.FeedCasos(ctx, ids[domain.KindCaso])
	for _, c := range casos {
		w := wireCaso(c, n)
		out[c.ID] = line{record: Record{Caso: w}, municipios: []string{c.Municipio}, dates: []string{w.RegisteredOn}}
	}
	services, err3 := tx.FeedServices(ctx, ids[domain.KindServicio])
	for _, sv := range services {
		l := line{record: Record{Retracted: true}, municipios: []string{sv.Municipio}}
		if !sv.Voided {
			l.record = Record{Servicio: wireServicio(sv, n)}
			l.dates = []string{day(sv.ProvidedOn)}
		}
		out[sv.ID] = l
	}
	canalizaciones, err4 := tx.FeedCanalizaciones(ctx, ids[domain.KindCanalizacion])
	for _, c := range canalizaciones {
		l := line{record: Record{Retracted: true}, municipios: []string{c.Municipio}}
		if !c.Voided {
			l.record = Record{Canalizacion: wireCanalizacion(c)}
			l.dates = []string{day(c.SentOn)}
		}
		out[c.ID] = l
	}
	carpetas, err5 := tx.FeedCarpetas(ctx, ids[domain.KindCarpeta])
	for _, c := range carpetas {
		out[c.ID] = line{record: Record{Carpeta: wireCarpeta(c, n)}, municipios: []string{c.Municipio}, dates: []string{day(c.StartedOn)}}
	}
	activities, err6 := tx.FeedActivities(ctx, ids[domain.KindActividad])
	for _, a := range activities {
		l := line{record: Record{Retracted: true}, entidad: a.Entidad}
		if !a.Voided {
			l.record = Record{Actividad: wireActividad(a)}
			l.dates = []string{day(a.HeldOn)}
		}
		out[a.ID] = l
	}
	microdata, err7 := tx.FeedMicrodata(ctx, s.entidad, ids[domain.KindMicrodatos])
	for _, m := range microdata {
		w, err := wireMicrodatos(m)
		if err != nil {
			return nil, err
		}
		out[m.ID] = line{record: Record{Microdatos: w}, entidad: s.entidad}
	}
	for _, e := range []error{err, err2, err3, err4, err5, err6, err7} {
		if e != nil {
			return nil, e
		}
	}
	return out, nil
}

// ours reports whether a record is of the instance's entidad: a record of
// another entidad is that entidad's to send.
func (s *Service) ours(l line) bool {
	if l.entidad != "" || l.municipios == nil {
		return l.entidad == s.entidad
	}
	for _, m := range l.municipios {
		if !strings.HasPrefix(m, s.entidad) {
			return false
		}
	}
	return true
}

// write writes the batch: its header, the spooled records and the
// signature of both.
func (s *Service) write(w io.Writer, h Header, records *spool) error {
	lines, err := records.lines()
	if err != nil {
		return err
	}
	digest := sha512.New()
	out := bufio.NewWriterSize(io.MultiWriter(w, digest), 1<<16)
	head, err := json.Marshal(h)
	if err != nil {
		return err
	}
	out.Write(append(head, '\n'))
	if _, err := io.Copy(out, lines); err != nil {
		return fmt.Errorf("feed: export: %w", err)
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("feed: export: %w", err)
	}
	sig, err := s.keys.SignFeed(digest.Sum(nil))
	if err != nil {
		return err
	}
	pub, err := s.keys.FeedPublicKey()
	if err != nil {
		return err
	}
	tail, err := json.Marshal(Signature{Signature: base64.StdEncoding.EncodeToString(sig), PublicKey: base64.StdEncoding.EncodeToString(pub)})
	if err != nil {
		return err
	}
	if _, err := w.Write(append(tail, '\n')); err != nil {
		return fmt.Errorf("feed: export: %w", err)
	}
	return nil
}

// headerOf is the header of a batch of the spooled records.
func (s *Service) headerOf(since, watermark int64, records *spool, at time.Time) Header {
	h := Header{Schema: Schema, Entidad: s.entidad, Since: strconv.FormatInt(since, 10), Watermark: strconv.FormatInt(watermark, 10),
		GeneratedAt: at.UTC().Format("2006-01-02T15:04:05Z"), Records: records.records}
	if records.from != "" {
		h.Dates = &Dates{From: records.from, To: records.to}
	}
	return h
}
