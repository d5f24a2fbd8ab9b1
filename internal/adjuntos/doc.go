// Package adjuntos keeps the documents caseworkers attach to a víctima's
// record: consent forms, signed actas, evidence for the reports,
// identifications. A file is accepted by what its first bytes say it is
// (PDF, JPEG or PNG), never by its name or declared type, up to MaxBytes.
// Its bytes, original name and description are sealed with her data key,
// bound to the adjunto's row and column, so that they never rest in clear
// and her erasure destroys them. Her registering institution's caseworkers
// in her municipio attach and void them; whoever may read her full record
// lists them and, stating a reason, downloads them; nobody else learns that
// they exist. The table names the record by type and id, so that casos,
// carpetas and sessions may have adjuntos later.
package adjuntos
