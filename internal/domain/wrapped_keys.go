package domain

import "github.com/google/uuid"

// KeyTable names a table whose rows carry a data key wrapped by a master
// key; it is also the table name the ciphertexts are bound to.
type KeyTable string

const (
	VictimKeys  KeyTable = "victims"
	CasoKeys    KeyTable = "casos"
	CarpetaKeys KeyTable = "carpetas"
	SessionKeys KeyTable = "gt_sessions"
	// ActivityKeys seal what is written about an activity's corrections.
	ActivityKeys KeyTable = "activities"
	// UserKeys seal the users' TOTP secrets.
	UserKeys KeyTable = "users"
	// ReporteKeys seal a reporte ciudadano's narrative, contact and closing reason.
	ReporteKeys KeyTable = "reportes_ciudadanos"
	// RequestKeys seal the requesters' halves of temporary passwords while
	// their requests are pending.
	RequestKeys KeyTable = "account_requests"
)

// KeyTables are every table holding wrapped data keys: a master key
// rotation must re-wrap them all.
var KeyTables = []KeyTable{VictimKeys, CasoKeys, CarpetaKeys, SessionKeys, ActivityKeys, ReporteKeys, UserKeys, RequestKeys}

// WrappedKey is a record's data key as stored.
type WrappedKey struct {
	RecordID uuid.UUID
	Wrapped  []byte
}
