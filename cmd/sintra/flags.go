package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// goStyleFlags rewrites the single-dash long flags that Go's flag package
// accepted, and scripts may still use (-data-dir DIR, -demo), as the
// double-dash ones: pflag reads -demo as the short flags d, e, m and o.
// Only names of the command's flags are rewritten, never a flag's value.
func goStyleFlags(root *cobra.Command, args []string) []string {
	cmd, _, err := root.Find(args)
	if err != nil {
		return args
	}
	cmd.InitDefaultHelpFlag()
	cmd.InitDefaultVersionFlag()
	flags := cmd.Flags()
	out := append([]string(nil), args...)
	for i := 0; i < len(out); i++ {
		arg := out[i]
		if arg == "--" {
			break
		}
		var name string
		switch {
		case strings.HasPrefix(arg, "--"):
			name = arg[2:]
		case len(arg) > 2 && arg[0] == '-':
			name = arg[1:]
		default:
			continue
		}
		name, _, hasValue := strings.Cut(name, "=")
		f := flags.Lookup(name)
		if f == nil {
			continue
		}
		if !strings.HasPrefix(arg, "--") {
			out[i] = "-" + arg
		}
		if !hasValue && f.NoOptDefVal == "" {
			i++ // the next argument is this flag's value
		}
	}
	return out
}
