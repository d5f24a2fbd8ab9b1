package httpapi

import (
	"encoding/base64"
	"encoding/binary"
	"strconv"

	"github.com/google/uuid"

	"sintra/api"
	"sintra/internal/apperr"
)

// Every list that grows is paged one way (api/openapi.yaml): limit and an
// opaque cursor in, items, limit and the next cursor out. A cursor is a
// kind letter and its position, in base64url: the offset of the page for
// lists read by offset; the id to continue before for the audit trail;
// for víctimas, the id to continue after and the total the first page
// counted, which later pages repeat rather than count again.
const (
	defaultLimit = 50
	maxLimit     = 200
	// maxOffset bounds how deep an offset list is read.
	maxOffset = 1_000_000
)

type cursorKind byte

const (
	byOffset    cursorKind = 'o'
	beforeID    cursorKind = 'k'
	afterVictim cursorKind = 'v'
)

func encodeCursor(kind cursorKind, n int64) *api.Cursor {
	c := base64.RawURLEncoding.EncodeToString(strconv.AppendInt([]byte{byte(kind)}, n, 10))
	return &c
}

// decodeCursor reads a cursor of kind; no cursor is 0, the first page.
func decodeCursor(kind cursorKind, c *api.Cursor, max int64) (int64, error) {
	if c == nil {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(*c)
	if err == nil && len(raw) > 1 && cursorKind(raw[0]) == kind {
		// Only the spelling the server writes: one position, one cursor.
		if n, err := strconv.ParseInt(string(raw[1:]), 10, 64); err == nil && n > 0 && n <= max && *encodeCursor(kind, n) == *c {
			return n, nil
		}
	}
	return 0, errWrongCursor
}

var errWrongCursor = apperr.Validation(apperr.FieldError{Field: "cursor",
	Message: "El cursor no corresponde a esta lista; pida la primera página de nuevo."})

// keyset is where a keyset page continues: after the record After, in a
// list whose first page counted Total (a lower bound when AtLeast).
type keyset struct {
	After   uuid.NullUUID
	Total   int
	AtLeast bool
}

func encodeKeyset(kind cursorKind, k keyset) *api.Cursor {
	raw := append([]byte{byte(kind)}, k.After.UUID[:]...)
	raw = binary.AppendUvarint(raw, uint64(k.Total))
	if k.AtLeast {
		raw = append(raw, 1)
	} else {
		raw = append(raw, 0)
	}
	c := base64.RawURLEncoding.EncodeToString(raw)
	return &c
}

// decodeKeyset reads a keyset cursor of kind; no cursor is the first page.
func decodeKeyset(kind cursorKind, c *api.Cursor) (keyset, error) {
	if c == nil {
		return keyset{}, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(*c)
	if err != nil || len(raw) < 1+16+2 || cursorKind(raw[0]) != kind {
		return keyset{}, errWrongCursor
	}
	id, _ := uuid.FromBytes(raw[1:17])
	total, n := binary.Uvarint(raw[17:])
	if n <= 0 || 17+n != len(raw)-1 || raw[len(raw)-1] > 1 || total > maxOffset {
		return keyset{}, errWrongCursor
	}
	k := keyset{After: uuid.NullUUID{UUID: id, Valid: true}, Total: int(total), AtLeast: raw[len(raw)-1] == 1}
	if *encodeKeyset(kind, k) != *c {
		return keyset{}, errWrongCursor
	}
	return k, nil
}

// limitOf is the page size asked for, or the default.
func limitOf(limit *int) int {
	if limit == nil {
		return defaultLimit
	}
	return min(*limit, maxLimit)
}

// offsetPage is the limit and offset of the page an offset list is asked for.
func offsetPage(limit *int, cursor *api.Cursor) (int, int, error) {
	offset, err := decodeCursor(byOffset, cursor, maxOffset)
	return limitOf(limit), int(offset), err
}

// nextOffset is the cursor of the page after n items at offset, of total
// matches; nil after the last. A total below 0 means the list does not
// count its matches: a full page may then be followed by an empty one.
func nextOffset(limit, offset, n, total int) *api.Cursor {
	end := offset + n
	if n == 0 || end > maxOffset || (total >= 0 && end >= total) || (total < 0 && n < limit) {
		return nil
	}
	return encodeCursor(byOffset, int64(end))
}
