package main

import "runtime/debug"

// version is set when the binary is built by the Makefile:
// -ldflags "-X main.version=$(git describe --tags --always --dirty)".
var version string

// currentVersion is the version set at build time, else the one the Go
// toolchain recorded (a module version, or the commit), else "devel".
func currentVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var revision, dirty string
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision":
			revision = s.Value[:min(12, len(s.Value))]
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "-dirty"
		}
	}
	if revision != "" {
		return "devel-" + revision + dirty
	}
	return "devel"
}
