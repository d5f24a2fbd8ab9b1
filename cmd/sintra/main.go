// Command sintra is SINTRA Quintana Roo: the web application and API
// server, and the operator's subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"sintra/internal/apperr"
	"sintra/internal/config"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"serve", "run the web application and API (starts a private PostgreSQL unless SINTRA_DATABASE_URL is set)", runServe},
	{"migrate", "apply, roll back or list database migrations: migrate up|down|status", runMigrate},
	{"user", "create an account from the command line (the first administrator): user add", runUser},
	{"audit", "verify the audit trail, or sign a checkpoint of it: audit verify|checkpoint|signing-key", runAudit},
	{"keys", "make a key file, rotate the master key, retire old versions: keys generate|rotate|retire", runKeys},
	{"report", "write the Comisión's report of a period to an XLSX, PDF, CSV or JSON file", runReport},
	{"demo", "add fictitious records at a scale, in demo mode only: demo generate", runDemo},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sintra:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return flag.ErrHelp
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "SINTRA Quintana Roo: case tracking for victims of trafficking in persons.")
	fmt.Fprintln(w, "\nUsage: sintra <command> [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `sintra <command> --help` for the flags of a command.")
	fmt.Fprintln(w, "Every flag can also be set with the SINTRA_* environment variable named in its help.")
}

// newFlagSet returns a flag set whose --help prints the command's summary,
// usage line and flags.
func newFlagSet(name, usageLine, description string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: sintra %s\n\n%s\n\nFlags:\n", usageLine, description)
		fs.PrintDefaults()
	}
	return fs
}

// loadConfig parses flags over the environment and validates the result.
func loadConfig(fs *flag.FlagSet, args []string, bindServer bool) (*config.Config, error) {
	cfg := config.FromEnv(os.Getenv)
	cfg.BindDatabase(fs)
	if bindServer {
		cfg.BindServer(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", err)
	}
	return cfg, nil
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

// requireAction checks that a command with one action (user add) was given
// it, printing the usage otherwise.
func requireAction(args []string, command, action string, stderr io.Writer) error {
	if len(args) > 0 && args[0] == action {
		return nil
	}
	fmt.Fprintf(stderr, "Usage: sintra %s %s [flags]\n\nRun `sintra %[1]s %[2]s --help` for the flags.\n", command, action)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return flag.ErrHelp
	}
	return fmt.Errorf("%s needs the %s action", command, action)
}

// action is one action of a command that has several (keys rotate).
type action struct {
	name string
	run  func(args []string) error
}

// runAction runs the action args[0] names with the arguments after it, or
// prints the command's usage.
func runAction(command, usage string, args []string, stderr io.Writer, actions ...action) error {
	names := make([]string, len(actions))
	for i, a := range actions {
		if len(args) > 0 && args[0] == a.name {
			return a.run(args[1:])
		}
		names[i] = a.name
	}
	fmt.Fprintln(stderr, usage)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return flag.ErrHelp
	}
	return fmt.Errorf("%s needs one of these actions: %s", command, strings.Join(names, ", "))
}
