// Package adjuntos keeps the documents attached to a víctima's record, a
// caso, a carpeta de investigación or a Grupo de Trabajo session: consent
// forms, signed actas, evidence for the reports, identifications. A file
// is accepted by what its first bytes say it is (PDF, JPEG or PNG), never
// by its name or declared type, up to MaxBytes. Its bytes, original name
// and description are sealed with the record's data key, bound to the
// adjunto's row and column, so that they never rest in clear and a
// víctima's erasure destroys hers. Who attaches and voids them is whoever
// may change the record, who lists and (stating a reason) downloads them
// whoever may read what is sealed on it, as the record's own package says
// (see holder); nobody else learns that they exist.
package adjuntos
