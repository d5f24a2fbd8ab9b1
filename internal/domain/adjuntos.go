package domain

import (
	"time"

	"github.com/google/uuid"
)

// Adjunto is a document kept on a record (a víctima's, so far): a consent
// form, a signed acta, evidence, an identification. Its bytes, original
// name and description are sealed with the record's data key; kind,
// content type and size are in clear. A voided adjunto keeps no bytes.
type Adjunto struct {
	ID          uuid.UUID
	RecordType  string
	RecordID    uuid.UUID
	Institution string
	Municipio   string
	Kind        string
	ContentType string
	Size        int
	NameEnc     []byte
	// DescriptionEnc and ContentEnc are sealed like NameEnc; ContentEnc is
	// read only to download the file.
	DescriptionEnc []byte
	ContentEnc     []byte
	CreatedBy      uuid.UUID
	CreatedByName  string
	CreatedAt      time.Time
	VoidedAt       *time.Time
	VoidedBy       *uuid.UUID
	VoidedByName   string
	VoidReason     *string
	VoidReasonEnc  []byte
}
