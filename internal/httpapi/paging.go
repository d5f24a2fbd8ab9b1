package httpapi

import (
	"encoding/base64"
	"strconv"

	"sintra/api"
	"sintra/internal/apperr"
)

// Every list that grows is paged one way (api/openapi.yaml): limit and an
// opaque cursor in, items, limit and the next cursor out. A cursor is a
// kind letter and a number in base64url: the offset of the page for
// lists read by offset, the id to continue before for the audit trail,
// which is read by keyset because it only grows.
const (
	defaultLimit = 50
	maxLimit     = 200
	// maxOffset bounds how deep an offset list is read.
	maxOffset = 1_000_000
)

type cursorKind byte

const (
	byOffset cursorKind = 'o'
	beforeID cursorKind = 'k'
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
		if n, err := strconv.ParseInt(string(raw[1:]), 10, 64); err == nil && n > 0 && n <= max {
			return n, nil
		}
	}
	return 0, apperr.Validation(apperr.FieldError{Field: "cursor",
		Message: "El cursor no corresponde a esta lista; pida la primera página de nuevo."})
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
