// Command sintra is SINTRA Quintana Roo: the web application and API
// server, and the operator's subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"sintra/internal/apperr"
	"sintra/internal/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "sintra:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	root := newRootCommand()
	root.SetOut(stdout)
	root.SetErr(stderr)
	if len(args) == 0 {
		root.Help()
		return errors.New("no command given")
	}
	root.SetArgs(goStyleFlags(root, args))
	return root.ExecuteContext(ctx)
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "sintra",
		Short: "SINTRA Quintana Roo: case tracking for victims of trafficking in persons.",
		Long: "SINTRA Quintana Roo: case tracking for victims of trafficking in persons.\n\n" +
			"Every flag can also be set with the SINTRA_* environment variable named in its help;\n" +
			"a flag wins over its variable. Flags may come before or after a command's arguments.",
		Version:       currentVersion(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetVersionTemplate("sintra {{.Version}}\n")
	root.SetHelpTemplate(helpTemplate)
	root.SetUsageTemplate(usageTemplate)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return fmt.Errorf("%w\nRun `%s --help` for the flags.", err, cmd.CommandPath())
	})
	root.AddCommand(newServeCommand(), newMigrateCommand(), newUserCommand(), newAuditCommand(),
		newKeysCommand(), newReportCommand(), newHTCDSCommand(), newDemoCommand(), newBackupCommand(), newRestoreCommand(), newCatalogCommand(),
		newFeedCommand())
	return root
}

// helpTemplate prints what a command does, then how to call it.
const helpTemplate = `{{with (or .Long .Short)}}{{. | trimTrailingWhitespaces}}

{{end}}{{.UsageString}}`

// usageTemplate is cobra's, shorter, with a usage line that reads
// "Usage: sintra serve [flags]".
const usageTemplate = `Usage: {{if .Runnable}}{{.UseLine}}{{else}}{{.CommandPath}} <command> [flags]{{end}}{{if .HasAvailableSubCommands}}

Commands:{{range .Commands}}{{if .IsAvailableCommand}}
  {{rpad .Name .NamePadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

Run ` + "`{{.CommandPath}} <command> --help`" + ` for the flags of a command.{{end}}
`

// newGroupCommand returns a command whose actions are its subcommands
// (keys rotate); called without a known action it prints its usage and fails.
func newGroupCommand(name, short string, actions ...*cobra.Command) *cobra.Command {
	names := make([]string, len(actions))
	for i, a := range actions {
		names[i] = a.Name()
	}
	cmd := &cobra.Command{
		Use:                   name + " <action>",
		Short:                 short,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprint(cmd.ErrOrStderr(), cmd.UsageString())
			if len(args) == 0 {
				return fmt.Errorf("%s needs one of these actions: %s", name, strings.Join(names, ", "))
			}
			return fmt.Errorf("unknown %s action %q: use %s", name, args[0], strings.Join(names, ", "))
		},
	}
	cmd.AddCommand(actions...)
	return cmd
}

// bindConfig registers the configuration's flags on cmd over the
// environment's values; validate checks the result once they are parsed.
func bindConfig(cmd *cobra.Command, server bool) *config.Config {
	cfg := config.FromEnv(os.Getenv)
	cfg.BindDatabase(cmd.Flags())
	if server {
		cfg.BindServer(cmd.Flags())
	}
	return cfg
}

// validate reports every problem of a parsed configuration at once.
func validate(cfg *config.Config) error {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("invalid configuration:\n%w", err)
	}
	return nil
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	level, _ := cfg.SlogLevel()
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// describe spells out a validation error's fields for the terminal.
func describe(err error) error {
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(e.Message)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "\n  %s: %s", f.Field, f.Message)
	}
	return errors.New(b.String())
}

// usageError prints cmd's usage to standard error and returns err, for a
// required flag or argument that is missing.
func usageError(cmd *cobra.Command, err error) error {
	fmt.Fprint(cmd.ErrOrStderr(), cmd.UsageString())
	return err
}
