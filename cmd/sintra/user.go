package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sintra/internal/domain"
	"strings"

	"golang.org/x/term"

	"sintra/internal/authz"
	"sintra/internal/users"
)

// roleFlags collects repeated --role ROLE[:DOMAIN] flags.
type roleFlags []domain.Assignment

func (r *roleFlags) String() string { return fmt.Sprint(*r) }

func (r *roleFlags) Set(v string) error {
	role, where, found := strings.Cut(v, ":")
	if !found {
		where = authz.Statewide
	}
	*r = append(*r, domain.Assignment{Role: role, Domain: where})
	return nil
}

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if err := requireAction(args, "user", "add", stderr); err != nil {
		return err
	}
	fs := newFlagSet("user add", "user add --username NAME --name \"FULL NAME\" --institution CODE --role ROLE[:DOMAIN] ...",
		"Creates an account, typically one of the first administrators. The password is read\n"+
			"from standard input when it is not a terminal, otherwise asked for twice without echo;\n"+
			"it is never a flag. A role without :DOMAIN is statewide (*).\n"+
			"Create at least two administrators: in the application, creating an account with a role\n"+
			"that reaches personal data or the audit trail (capturista, fiscalia, grupo_trabajo,\n"+
			"auditor, admin), granting such a role, and resetting the password or second factor of\n"+
			"an account that holds one take effect only when a second administrator approves.", stderr)
	username := fs.String("username", "", "login name: lower-case letters, digits, . _ -")
	name := fs.String("name", "", "the person's full name")
	institution := fs.String("institution", "", "institution code from the instituciones catalog, for example SEGOB or CEAVEQROO")
	var roles roleFlags
	fs.Var(&roles, "role", "role to grant, as ROLE or ROLE:MUNICIPIO (repeatable), for example admin or capturista:23005")
	cfg, err := loadConfig(fs, args[1:], false)
	if err != nil {
		return err
	}
	password, err := readPassword(stderr)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	sess, err := openSession(ctx, cfg, log, cfg.NeedsOwnerURL(true) == nil)
	if err != nil {
		return err
	}
	defer sess.Close()
	a, err := newApp(cfg, log, sess.conn.store)
	if err != nil {
		return err
	}
	acc, err := a.Users.CreateWithPassword(ctx,
		users.NewAccount{Username: *username, DisplayName: *name, Institution: *institution, Roles: roles}, password)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "created user %s (%s)\n", acc.Username, acc.ID)
	return nil
}

// readPassword reads the password from standard input: a line when piped,
// or twice without echo at a terminal.
func readPassword(prompt io.Writer) (string, error) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("no password on standard input")
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	fmt.Fprint(prompt, "Password: ")
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(prompt)
	if err != nil {
		return "", err
	}
	fmt.Fprint(prompt, "Repeat password: ")
	second, err := term.ReadPassword(fd)
	fmt.Fprintln(prompt)
	if err != nil {
		return "", err
	}
	if string(first) != string(second) {
		return "", errors.New("the passwords do not match")
	}
	return string(first), nil
}
