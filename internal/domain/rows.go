package domain

import "context"

// Rows are the municipios whose records PostgreSQL's row-level security
// lets a request read or write: a third line of defence under the
// permission check and the scope each query carries.
type Rows struct {
	// All is true for a statewide role, and for the application's own jobs.
	All        bool
	Municipios []string
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
