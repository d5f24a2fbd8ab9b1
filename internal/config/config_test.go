package config_test

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"sintra/internal/config"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestFromEnv_DefaultsAreValidAndLocal(t *testing.T) {
	t.Parallel()
	c := config.FromEnv(env(nil))
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "./var" || !c.Embedded() || !c.MigrateOnStart {
		t.Errorf("unexpected defaults: %+v", c)
	}
}

func TestFlags_OverrideEnvironment(t *testing.T) {
	t.Parallel()
	c := config.FromEnv(env(map[string]string{"SINTRA_ADDR": "127.0.0.1:9000", "SINTRA_DATA_DIR": "/srv/sintra"}))
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	c.BindDatabase(fs)
	c.BindServer(fs)
	if err := fs.Parse([]string{"--addr", "127.0.0.1:9100"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9100" || c.DataDir != "/srv/sintra" {
		t.Errorf("Addr=%q DataDir=%q", c.Addr, c.DataDir)
	}
}

func TestValidate_ReportsEveryProblemClearly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"address without port", map[string]string{"SINTRA_ADDR": "localhost"}, "must be host:port"},
		{"metrics address without port", map[string]string{"SINTRA_METRICS_ADDR": "localhost"}, "metrics address \"localhost\" must be host:port"},
		{"metrics on the public address", map[string]string{"SINTRA_ADDR": "0.0.0.0:8080", "SINTRA_METRICS_ADDR": "0.0.0.0:8080"}, "must differ from the public listen address"},
		{"bad database URL", map[string]string{"SINTRA_DATABASE_URL": "postgres://%zz"}, "SINTRA_DATABASE_URL is not a valid"},
		{"bad replica URL", map[string]string{"SINTRA_REPLICA_URL": "postgres://%zz"}, "SINTRA_REPLICA_URL is not a valid"},
		{"owner URL alone", map[string]string{"SINTRA_OWNER_DATABASE_URL": "postgres://o@h/db"}, "needs SINTRA_DATABASE_URL too"},
		{"bad boolean", map[string]string{"SINTRA_MIGRATE_ON_START": "maybe"}, "must be true or false"},
		{"bad log level", map[string]string{"SINTRA_LOG_LEVEL": "loud"}, "must be debug, info, warn or error"},
		{"bad log format", map[string]string{"SINTRA_LOG_FORMAT": "xml"}, "must be text or json"},
		{"tiny body limit", map[string]string{"SINTRA_MAX_BODY_BYTES": "10"}, "between 1024"},
		{"body limit not a number", map[string]string{"SINTRA_MAX_BODY_BYTES": "1MB"}, "whole number of bytes"},
		{"a proxy that is no address", map[string]string{"SINTRA_TRUSTED_PROXIES": "10.0.0.5, proxy.local"}, `"proxy.local" is not an IP address`},
		{"a proxy range too wide", map[string]string{"SINTRA_TRUSTED_PROXIES": "10.0.0.0/33"}, `"10.0.0.0/33" is not an IP address`},
		{"every address a proxy", map[string]string{"SINTRA_TRUSTED_PROXIES": "0.0.0.0/0"}, "would trust every address"},
		{"no expensive operations", map[string]string{"SINTRA_EXPENSIVE_PER_MINUTE": "0"}, "between 1 and 10000"},
		{"expensive operations not a number", map[string]string{"SINTRA_EXPENSIVE_PER_MINUTE": "30/min"}, "SINTRA_EXPENSIVE_PER_MINUTE must be a whole number"},
		{"canalizaciones never late", map[string]string{"SINTRA_ALERT_CANALIZACION_DAYS": "0"}, "must be between 1 and 365"},
		{"canalizaciones late in words", map[string]string{"SINTRA_ALERT_CANALIZACION_DAYS": "cinco"}, "SINTRA_ALERT_CANALIZACION_DAYS must be a whole number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := config.FromEnv(env(tt.env)).Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestNeedsOwnerURL_OnlyForMigratingAnExternalDatabase(t *testing.T) {
	t.Parallel()
	external := config.FromEnv(env(map[string]string{"SINTRA_DATABASE_URL": "postgres://app@db/sintra"}))
	if external.NeedsOwnerURL(true) == nil {
		t.Error("migrating an external database without an owner URL was allowed")
	}
	if err := external.NeedsOwnerURL(false); err != nil {
		t.Errorf("not migrating: %v", err)
	}
	if err := config.FromEnv(env(nil)).NeedsOwnerURL(true); err != nil {
		t.Errorf("private PostgreSQL: %v", err)
	}
}

func TestTrustedProxies_AddressesAndRanges(t *testing.T) {
	t.Parallel()
	c := config.FromEnv(env(map[string]string{"SINTRA_TRUSTED_PROXIES": " 10.0.0.5, 192.168.10.0/24,fd00::/8 ,2001:db8::1"}))
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range c.TrustedProxies {
		got = append(got, n.String())
	}
	if want := "10.0.0.5/32 192.168.10.0/24 fd00::/8 2001:db8::1/128"; strings.Join(got, " ") != want {
		t.Errorf("trusted proxies %v, want %s", got, want)
	}
	if len(config.FromEnv(env(nil)).TrustedProxies) != 0 {
		t.Error("a proxy is trusted by default")
	}
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	c.BindServer(fs)
	if err := fs.Parse([]string{"--trusted-proxies", "172.16.0.0/12"}); err != nil || len(c.TrustedProxies) != 1 {
		t.Errorf("flag: %v %v", c.TrustedProxies, err)
	}
}
