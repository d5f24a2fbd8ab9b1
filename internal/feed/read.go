package feed

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/crypto"
)

// maxLine is the longest line a batch may hold: a year's microdata of
// 150,000 rows (the most the schema lets one record hold, at 200 bytes
// a row at most) fits.
const maxLine = 32 << 20

// readBuffer is what a reader holds of a batch at once; a longer line is
// gathered piece by piece, up to maxLine.
const readBuffer = 64 << 10

// Keys are the feed public keys the national instance trusts, by entidad.
type Keys map[string]ed25519.PublicKey

// Batch is a batch whose signature verified.
type Batch struct {
	Header
	// Since and Watermark as numbers, GeneratedAt as an instant.
	Since, Watermark int64
	MadeAt           time.Time
	// SHA256 of the whole batch, to recognize it when imported again.
	SHA256 []byte
}

func refused(message string, err error) error {
	return apperr.Wrap(apperr.Invalid, "Lote de carga nacional rechazado: "+message, err)
}

// readLine returns the next line without its newline; io.EOF at the end.
// A last line without its newline is refused.
func readLine(r *bufio.Reader) ([]byte, error) {
	l, err := r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		long := slices.Clone(l)
		for errors.Is(err, bufio.ErrBufferFull) {
			if l, err = r.ReadSlice('\n'); len(long)+len(l) > maxLine+1 {
				return nil, refused(fmt.Sprintf("una línea excede el tamaño máximo de %d MiB.", maxLine>>20), bufio.ErrBufferFull)
			}
			long = append(long, l...)
		}
		l = long
	}
	switch {
	case err == io.EOF && len(l) > 0:
		return nil, refused("la última línea no termina en salto de línea.", io.ErrUnexpectedEOF)
	case err != nil:
		return nil, err
	}
	return l[:len(l)-1], nil
}

// strict decodes one JSON line into v, refusing unknown fields and
// anything after the value.
func strict(line []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(line))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("trailing data")
	}
	return nil
}

// Verify reads a whole batch from r: its header and signature must follow
// the schema, its entidad must have a trusted key, and the signature must
// be that key's over every byte before it. It reads r once; Each reads
// it again from the start.
func Verify(r io.Reader, keys Keys) (Batch, error) {
	schemas, err := compiledSchemas()
	if err != nil {
		return Batch{}, err
	}
	whole := sha256.New()
	in := bufio.NewReaderSize(io.TeeReader(r, whole), readBuffer)
	signed := sha512.New()
	var b Batch
	var pending []byte
	lines := 0
	for {
		l, err := readLine(in)
		if err == io.EOF {
			break
		}
		if err != nil {
			return Batch{}, err
		}
		if lines == 0 {
			if b, err = header(schemas, l, keys); err != nil {
				return Batch{}, err
			}
		}
		if pending != nil {
			signed.Write(pending)
			signed.Write([]byte{'\n'})
		}
		pending = append(pending[:0], l...)
		lines++
	}
	if lines < 2 {
		return Batch{}, refused("está incompleto (sin encabezado o sin firma).", nil)
	}
	if lines-2 != b.Header.Records {
		return Batch{}, refused(fmt.Sprintf("dice tener %d registros y tiene %d.", b.Header.Records, lines-2), nil)
	}
	var sig Signature
	if err := validLine(schemas.signature, pending); err != nil {
		return Batch{}, refused("la última línea no es una firma.", err)
	}
	if err := strict(pending, &sig); err != nil {
		return Batch{}, refused("la última línea no es una firma.", err)
	}
	raw, _ := base64.StdEncoding.DecodeString(sig.Signature)
	if !crypto.VerifyFeed(keys[b.Entidad], signed.Sum(nil), raw) {
		return Batch{}, refused("la firma no corresponde a la clave de la entidad "+b.Entidad+" o el lote fue alterado.", nil)
	}
	b.SHA256 = whole.Sum(nil)
	return b, nil
}

// header reads a batch's first line and finds its entidad's key.
func header(schemas lineSchemas, l []byte, keys Keys) (Batch, error) {
	var probe struct {
		Schema string `json:"schema"`
	}
	if json.Unmarshal(l, &probe) == nil && probe.Schema != "" && !slices.Contains(readSchemas, probe.Schema) {
		return Batch{}, refused(fmt.Sprintf("formato %q desconocido; esta versión lee %s.", probe.Schema, strings.Join(readSchemas, " y ")), nil)
	}
	var b Batch
	if err := validLine(schemas.header, l); err != nil {
		return b, refused("el encabezado no sigue el formato "+Schema+".", err)
	}
	if err := strict(l, &b.Header); err != nil {
		return b, refused("el encabezado no sigue el formato "+Schema+".", err)
	}
	if len(keys[b.Entidad]) != ed25519.PublicKeySize {
		return b, refused("no hay clave pública configurada para la entidad "+b.Entidad+".", nil)
	}
	var err1, err2, err3 error
	b.Since, err1 = strconv.ParseInt(b.Header.Since, 10, 64)
	b.Watermark, err2 = strconv.ParseInt(b.Header.Watermark, 10, 64)
	b.MadeAt, err3 = time.Parse(time.RFC3339, b.Header.GeneratedAt)
	if err1 != nil || err2 != nil {
		return b, refused("las marcas del encabezado no son números.", errors.Join(err1, err2))
	}
	if err3 != nil {
		return b, refused("el instante del encabezado (generated_at) no es válido.", err3)
	}
	return b, nil
}

// Each reads a verified batch again from r and calls each with every
// record, in order, once it follows the schema and belongs to the batch's
// entidad. It stops at the first error.
func (b Batch) Each(r io.Reader, each func(Record) error) error {
	schemas, err := compiledSchemas()
	if err != nil {
		return err
	}
	in := bufio.NewReaderSize(r, readBuffer)
	if _, err := readLine(in); err != nil {
		return err
	}
	for i := range b.Header.Records {
		l, err := readLine(in)
		if err != nil {
			return refused("el lote cambió mientras se leía.", err)
		}
		var rec Record
		if err := validLine(schemas.record, l); err != nil {
			return refused(fmt.Sprintf("el registro %d no sigue el formato %s.", i+1, Schema), err)
		}
		if err := strict(l, &rec); err != nil {
			return refused(fmt.Sprintf("el registro %d no sigue el formato %s.", i+1, Schema), err)
		}
		if m, ok := b.foreign(rec); !ok {
			return refused(fmt.Sprintf("el registro %d es del municipio %s, que no es de la entidad %s.", i+1, m, b.Entidad), nil)
		}
		if err := each(rec); err != nil {
			return err
		}
	}
	return nil
}

// foreign returns a municipio of r outside the batch's entidad, if any.
func (b Batch) foreign(r Record) (string, bool) {
	var ms []string
	switch {
	case r.Victima != nil:
		ms = []string{r.Victima.Municipio}
	case r.Caso != nil:
		ms = []string{r.Caso.Municipio}
	case r.Servicio != nil:
		ms = []string{r.Servicio.Municipio}
	case r.Canalizacion != nil:
		ms = []string{r.Canalizacion.Municipio}
	case r.Carpeta != nil:
		ms = []string{r.Carpeta.Municipio}
	case r.Actividad != nil:
		ms = r.Actividad.Municipios
	}
	for _, m := range ms {
		if !strings.HasPrefix(m, b.Entidad) {
			return m, false
		}
	}
	return "", true
}
