// Package demo prepares a demonstration: one account per role (two
// administrators, since sensitive changes to accounts take two), with a
// shared password printed at start, so that a newcomer can try every
// journey. It runs only in demo mode, on demo data.
package demo

import (
	"context"
	"fmt"
	"io"
	"sintra/internal/domain"

	"sintra/internal/apperr"
	"sintra/internal/auth"
	"sintra/internal/users"
)

// Password is the demo accounts' password, published in the README and
// printed at start; the password policy refuses it for any other account.
const Password = auth.DemoPassword

// Account is a demo login.
type Account struct {
	Username, Name, Institution, Role, Domain string
}

// Accounts are the demo logins, one per role, and a second administrator
// to approve what the first one requests; municipal roles are in Benito
// Juárez, the others in all of Quintana Roo but the administrators', which
// are national.
var Accounts = []Account{
	{"demo.admin", "Administración (demo)", "SEGOB", "admin", "*"},
	{"demo.admin2", "Segunda administración (demo)", "SEGOB", "admin", "*"},
	{"demo.capturista", "Caseworker CEAVEQROO (demo)", "CEAVEQROO", "capturista", "23005"},
	{"demo.iqm", "Caseworker IQM (demo)", "IQM", "capturista", "23005"},
	{"demo.fiscalia", "Fiscalía (demo)", "FGE", "fiscalia", "23005"},
	{"demo.grupo", "Grupo de Trabajo Benito Juárez (demo)", "SSC", "grupo_trabajo", "23005"},
	{"demo.enlace", "Enlace SSC (demo)", "SSC", "enlace", "23"},
	{"demo.secretaria", "Secretaría Técnica (demo)", "SEGOB", "secretaria_tecnica", "23"},
	{"demo.analista", "Análisis estadístico (demo)", "SEGOB", "analista", "23"},
	{"demo.auditor", "Control interno (demo)", "SEGOB", "auditor", "23"},
}

// EnsureAccounts creates the demo accounts that do not exist yet.
func EnsureAccounts(ctx context.Context, svc *users.Service) error {
	for _, a := range Accounts {
		_, err := svc.CreateDemoAccount(ctx, users.NewAccount{Username: a.Username, DisplayName: a.Name,
			Institution: a.Institution, Roles: []domain.Assignment{{Role: a.Role, Domain: a.Domain}}})
		if err != nil && apperr.CodeOf(err) != apperr.Conflict {
			return fmt.Errorf("demo: account %s: %w", a.Username, err)
		}
	}
	return nil
}

// PrintLogins writes the demo logins for the operator.
func PrintLogins(w io.Writer, url string) {
	fmt.Fprintf(w, "\nDemo accounts (password %q for all) at %s:\n", Password, url)
	for _, a := range Accounts {
		fmt.Fprintf(w, "  %-16s %-20s %s\n", a.Username, a.Role, a.Institution+" @ "+a.Domain)
	}
	fmt.Fprintln(w)
}
