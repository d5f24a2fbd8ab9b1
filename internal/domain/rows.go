package domain

import "context"

// Rows are the records PostgreSQL's row-level security lets a request
// read or write: a third line of defence under the permission check and
// the scope each query carries.
type Rows struct {
	// All is true for a national role, and for the application's own jobs.
	All bool
	// Entidades and Municipios name where the records are: every municipio
	// of each entidad.
	Entidades, Municipios []string
	// Institution also reaches the canalizaciones sent to it, the víctimas
	// they refer and the services it gave them, wherever they are.
	Institution string
}

// Domains are the entidades' and municipios' codes together.
func (r Rows) Domains() []string {
	return append(append(make([]string, 0, len(r.Entidades)+len(r.Municipios)), r.Entidades...), r.Municipios...)
}

type rowsKey struct{}

// WithRows returns ctx limited to rows: every transaction the store begins
// for it sets them before its first statement.
func WithRows(ctx context.Context, rows Rows) context.Context {
	return context.WithValue(ctx, rowsKey{}, rows)
}

// RowsOf returns the rows ctx is limited to. A context never limited is
// the application's own (a command, a job at start-up) and sees all rows;
// the server limits every request before it reaches a handler.
func RowsOf(ctx context.Context) Rows {
	if rows, ok := ctx.Value(rowsKey{}).(Rows); ok {
		return rows
	}
	return Rows{All: true}
}
