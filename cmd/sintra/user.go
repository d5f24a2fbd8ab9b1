package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"sintra/internal/app"
	"sintra/internal/authz"
	"sintra/internal/config"
	"sintra/internal/domain"
	"sintra/internal/users"
)

// roleFlags collects repeated --role ROLE[:DOMAIN] flags.
type roleFlags []domain.Assignment

func (r *roleFlags) String() string { return fmt.Sprint(*r) }

// Type names the flag's value in the help.
func (r *roleFlags) Type() string { return "ROLE[:DOMAIN]" }

func (r *roleFlags) Set(v string) error {
	role, where, found := strings.Cut(v, ":")
	if !found {
		where = authz.National
	}
	*r = append(*r, domain.Assignment{Role: role, Domain: where})
	return nil
}

func newUserCommand() *cobra.Command {
	return newGroupCommand("user", "create an account from the command line (the first administrator): user add", newUserAddCommand())
}

// newAccountFlags are the flags of sintra user add.
type newAccountFlags struct {
	username, name, institution string
	roles                       roleFlags
}

func newUserAddCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add --username NAME --name \"FULL NAME\" --institution CODE --role ROLE[:DOMAIN] ...",
		Short: "create an account, typically one of the first administrators",
		Long: "Creates an account, typically one of the first administrators. The password is read\n" +
			"from standard input when it is not a terminal, otherwise asked for twice without echo;\n" +
			"it is never a flag. DOMAIN is a municipio's INEGI code (five digits), an entidad's (two),\n" +
			"or * for the nation; a role without :DOMAIN is national.\n" +
			"Create at least two administrators: in the application, creating an account with a role\n" +
			"that reaches personal data or the audit trail (capturista, fiscalia, grupo_trabajo,\n" +
			"auditor, admin), granting such a role, and resetting the password or second factor of\n" +
			"an account that holds one take effect only when a second administrator approves.",
		Args: cobra.NoArgs,
	}
	var f newAccountFlags
	cmd.Flags().StringVar(&f.username, "username", "", "login name: lower-case letters, digits, . _ -")
	cmd.Flags().StringVar(&f.name, "name", "", "the person's full name")
	cmd.Flags().StringVar(&f.institution, "institution", "", "institution code from the instituciones catalog, for example SEGOB or CEAVEQROO")
	cmd.Flags().Var(&f.roles, "role", "role to grant, as ROLE or ROLE:DOMAIN (repeatable), for example admin, admin:23 or capturista:23005")
	cfg := bindConfig(cmd, false)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return runUserAdd(cmd.Context(), cfg, f, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

func runUserAdd(ctx context.Context, cfg *config.Config, f newAccountFlags, stdout, stderr io.Writer) error {
	if err := validate(cfg); err != nil {
		return err
	}
	password, err := readPassword(stderr)
	if err != nil {
		return err
	}
	return withApp(ctx, cfg, stderr, cfg.NeedsOwnerURL(true) == nil, func(a *app.App) error {
		acc, err := a.Users.CreateWithPassword(ctx,
			users.NewAccount{Username: f.username, DisplayName: f.name, Institution: f.institution, Roles: f.roles}, password)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "created user %s (%s)\n", acc.Username, acc.ID)
		return nil
	})
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
