// Package config builds the one configuration struct of the program from
// command-line flags and SINTRA_* environment variables (a flag wins over
// its variable) and validates it before anything starts.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"sintra/internal/clock"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Config is the configuration of every subcommand.
type Config struct {
	// Addr is the HTTP listen address.
	Addr string
	// MetricsAddr is the listen address of the Prometheus metrics, apart
	// from the public one; empty serves none.
	MetricsAddr string
	// DataDir holds the private PostgreSQL cluster and, later, key files.
	DataDir string
	// DatabaseURL connects as the application role; empty means run a
	// private PostgreSQL in DataDir.
	DatabaseURL string
	// OwnerDatabaseURL connects as the schema owner, for migrations.
	OwnerDatabaseURL string
	// ReplicaURL connects as the application role to a streaming replica
	// of the database, on which reports and statistics are computed; empty
	// computes them on the database itself.
	ReplicaURL string
	// PGBin is the folder of PostgreSQL's server programs; empty means search.
	PGBin string
	// WALArchive is the folder the private PostgreSQL archives its
	// write-ahead log to, for point-in-time restores; empty archives none.
	WALArchive string
	// MigrateOnStart applies pending migrations when the server starts.
	MigrateOnStart bool
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// LogFormat is text or json.
	LogFormat string
	// MaxBodyBytes caps the size of a request body.
	MaxBodyBytes int64
	// TrustedProxies are the reverse proxies in front of the server: from
	// a peer among them, the client's address is read from
	// X-Forwarded-For; from any other, it is the peer's own. Empty trusts
	// no proxy.
	TrustedProxies []*net.IPNet
	// ShutdownTimeout bounds how long in-flight requests may finish at exit.
	ShutdownTimeout time.Duration
	// RequireMFA demands a second factor of every account; only a demo
	// turns it off.
	RequireMFA bool
	// ExpensivePerMinute is how many expensive operations (reports,
	// statistics, searches, the audit export, imports) one user may run
	// per minute.
	ExpensivePerMinute int
	// AlertReadsPerHour flags a user who reads more different víctimas
	// than this within an hour; 0 turns the alert off.
	AlertReadsPerHour int
	// AlertDuplicatesPerHour refuses and flags a user whose registrations
	// match existing víctimas this often within an hour; 0 turns it off.
	AlertDuplicatesPerHour int
	// AlertCanalizacionDays is how many days a canalización may wait for
	// an answer before both institutions are told on their home page.
	AlertCanalizacionDays int
	// AnalystK and PublicK are the thresholds of the disclosure control:
	// analysts and public exports see no count from 1 to k−1.
	AnalystK, PublicK int
	// ReportLetterhead is a JSON file with the reports' letterhead lines
	// and signatory; empty prints the Secretaría Técnica's default.
	ReportLetterhead string
	// Entidad is the INEGI code of the entidad whose records the national
	// feed exports (Quintana Roo, 23, by default).
	Entidad string
	// FeedRecipient is the national instance's age recipient ("age1…"),
	// to which the national feed's batches are encrypted.
	FeedRecipient string
	// MasterKeyFile holds the master keys (versioned), the blind-index key
	// and the token-signing key; made by `sintra keys generate`.
	MasterKeyFile string
	// ErasureLedger is the file of erased víctimas, kept apart from the
	// database's backups; empty means erasures.ledger in DataDir.
	ErasureLedger string
	// Demo runs with a key file generated in the data directory; never for real data.
	Demo bool
	// DemoClock, in demo mode, starts the clock at this instant instead of
	// the machine's time: to show or test the product at a chosen date and hour.
	DemoClock time.Time

	envErrs []error
}

// FromEnv returns the defaults overridden by the SINTRA_* variables that
// getenv returns. Values that do not parse are reported by Validate.
func FromEnv(getenv func(string) string) *Config {
	c := &Config{
		Addr:                   envOr(getenv, "SINTRA_ADDR", "127.0.0.1:8080"),
		MetricsAddr:            getenv("SINTRA_METRICS_ADDR"),
		DataDir:                envOr(getenv, "SINTRA_DATA_DIR", "./var"),
		DatabaseURL:            getenv("SINTRA_DATABASE_URL"),
		OwnerDatabaseURL:       getenv("SINTRA_OWNER_DATABASE_URL"),
		ReplicaURL:             getenv("SINTRA_REPLICA_URL"),
		PGBin:                  getenv("SINTRA_PG_BIN"),
		WALArchive:             getenv("SINTRA_WAL_ARCHIVE"),
		LogLevel:               envOr(getenv, "SINTRA_LOG_LEVEL", "info"),
		LogFormat:              envOr(getenv, "SINTRA_LOG_FORMAT", "text"),
		MasterKeyFile:          getenv("SINTRA_MASTER_KEY_FILE"),
		ReportLetterhead:       getenv("SINTRA_REPORT_LETTERHEAD"),
		Entidad:                envOr(getenv, "SINTRA_FEED_ENTIDAD", "23"),
		FeedRecipient:          getenv("SINTRA_FEED_RECIPIENT"),
		ErasureLedger:          getenv("SINTRA_ERASURE_LEDGER"),
		MigrateOnStart:         true,
		RequireMFA:             true,
		AlertReadsPerHour:      30,
		AlertDuplicatesPerHour: 10,
		AlertCanalizacionDays:  5,
		ExpensivePerMinute:     30,
		AnalystK:               5,
		PublicK:                10,
		MaxBodyBytes:           1 << 20,
		ShutdownTimeout:        15 * time.Second,
	}
	if v := getenv("SINTRA_MIGRATE_ON_START"); v != "" {
		b, err := strconv.ParseBool(v)
		c.MigrateOnStart = b
		c.addEnvErr(err, "SINTRA_MIGRATE_ON_START must be true or false")
	}
	if v := getenv("SINTRA_DEMO"); v != "" {
		b, err := strconv.ParseBool(v)
		c.Demo = b
		c.addEnvErr(err, "SINTRA_DEMO must be true or false")
	}
	if v := getenv("SINTRA_DEMO_CLOCK"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		c.DemoClock = t
		c.addEnvErr(err, "SINTRA_DEMO_CLOCK must be an instant such as 2025-06-14T23:30:00-05:00")
	}
	if v := getenv("SINTRA_REQUIRE_MFA"); v != "" {
		b, err := strconv.ParseBool(v)
		c.RequireMFA = b
		c.addEnvErr(err, "SINTRA_REQUIRE_MFA must be true or false")
	}
	if v := getenv("SINTRA_ALERT_READS_PER_HOUR"); v != "" {
		n, err := strconv.Atoi(v)
		c.AlertReadsPerHour = n
		c.addEnvErr(err, "SINTRA_ALERT_READS_PER_HOUR must be a whole number")
	}
	if v := getenv("SINTRA_EXPENSIVE_PER_MINUTE"); v != "" {
		n, err := strconv.Atoi(v)
		c.ExpensivePerMinute = n
		c.addEnvErr(err, "SINTRA_EXPENSIVE_PER_MINUTE must be a whole number")
	}
	for name, dst := range map[string]*int{"SINTRA_ANALYST_K": &c.AnalystK, "SINTRA_PUBLIC_K": &c.PublicK,
		"SINTRA_ALERT_DUPLICATES_PER_HOUR": &c.AlertDuplicatesPerHour, "SINTRA_ALERT_CANALIZACION_DAYS": &c.AlertCanalizacionDays} {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			*dst = n
			c.addEnvErr(err, name+" must be a whole number")
		}
	}
	if v := getenv("SINTRA_TRUSTED_PROXIES"); v != "" {
		nets, err := ParseProxies(v)
		c.TrustedProxies = nets
		if err != nil {
			c.envErrs = append(c.envErrs, fmt.Errorf("SINTRA_TRUSTED_PROXIES: %w", err))
		}
	}
	if v := getenv("SINTRA_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		c.MaxBodyBytes = n
		c.addEnvErr(err, "SINTRA_MAX_BODY_BYTES must be a whole number of bytes")
	}
	return c
}

func (c *Config) addEnvErr(err error, msg string) {
	if err != nil {
		c.envErrs = append(c.envErrs, errors.New(msg))
	}
}

func envOr(getenv func(string) string, name, def string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return def
}

// entidadCode is the form of an entidad's INEGI code.
var entidadCode = regexp.MustCompile(`^[0-9]{2}$`)

// BindDatabase registers the flags that choose the database.
func (c *Config) BindDatabase(fs *pflag.FlagSet) {
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "directory for the private PostgreSQL cluster (env SINTRA_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "application-role URL of an external PostgreSQL; empty runs a private one (env SINTRA_DATABASE_URL)")
	fs.StringVar(&c.OwnerDatabaseURL, "owner-database-url", c.OwnerDatabaseURL, "owner-role URL used for migrations with an external PostgreSQL (env SINTRA_OWNER_DATABASE_URL)")
	fs.StringVar(&c.WALArchive, "wal-archive", c.WALArchive, "folder the private PostgreSQL archives its write-ahead log to, for point-in-time restores; give it to every command (env SINTRA_WAL_ARCHIVE)")
	fs.StringVar(&c.ReplicaURL, "replica-url", c.ReplicaURL, "application-role URL of a streaming replica that computes reports and statistics; empty computes them on the database (env SINTRA_REPLICA_URL)")
	fs.StringVar(&c.PGBin, "pg-bin", c.PGBin, "folder holding initdb, pg_ctl and postgres; empty searches PATH and /usr/lib/postgresql (env SINTRA_PG_BIN)")
	fs.IntVar(&c.AnalystK, "analyst-k", c.AnalystK, "analysts see no count from 1 to k-1 (env SINTRA_ANALYST_K)")
	fs.IntVar(&c.PublicK, "public-k", c.PublicK, "public exports show no count from 1 to k-1 (env SINTRA_PUBLIC_K)")
	fs.StringVar(&c.MasterKeyFile, "master-key-file", c.MasterKeyFile, "key file made by 'sintra keys generate' (env SINTRA_MASTER_KEY_FILE)")
	fs.StringVar(&c.FeedRecipient, "feed-recipient", c.FeedRecipient, "the national instance's age recipient the feed's batches are encrypted to (env SINTRA_FEED_RECIPIENT)")
	fs.StringVar(&c.Entidad, "feed-entidad", c.Entidad, "INEGI code of the entidad whose records the national feed exports (env SINTRA_FEED_ENTIDAD)")
	fs.StringVar(&c.ReportLetterhead, "report-letterhead", c.ReportLetterhead, "JSON file with the reports' letterhead lines and signatory (env SINTRA_REPORT_LETTERHEAD)")
	fs.StringVar(&c.ErasureLedger, "erasure-ledger", c.ErasureLedger, "file of the víctimas and reportes ciudadanos erased, re-applied at every start; keep it apart from the database's backups; empty is erasures.ledger in the data directory (env SINTRA_ERASURE_LEDGER)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "demo mode: generate a key file in the data directory if there is none; never for real data (env SINTRA_DEMO)")
	fs.Func("demo-clock", "demo mode only: start the clock at this `INSTANT`, for example 2025-06-14T23:30:00-05:00 (env SINTRA_DEMO_CLOCK)", func(v string) error {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return errors.New("use an instant such as 2025-06-14T23:30:00-05:00")
		}
		c.DemoClock = t
		return nil
	})
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (env SINTRA_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text or json (env SINTRA_LOG_FORMAT)")
}

// BindServer registers the flags of the HTTP server.
func (c *Config) BindServer(fs *pflag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "HTTP listen address (env SINTRA_ADDR)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "listen address of the Prometheus metrics at /metrics, apart from the public one; empty serves none (env SINTRA_METRICS_ADDR)")
	fs.BoolVar(&c.MigrateOnStart, "migrate", c.MigrateOnStart, "apply pending migrations at start (env SINTRA_MIGRATE_ON_START)")
	fs.Func("trusted-proxies", "comma-separated `ADDRESSES` or CIDR ranges of the reverse proxies whose X-Forwarded-For gives the client's address (env SINTRA_TRUSTED_PROXIES)", func(v string) error {
		nets, err := ParseProxies(v)
		c.TrustedProxies = nets
		return err
	})
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", c.MaxBodyBytes, "largest request body accepted (env SINTRA_MAX_BODY_BYTES)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "time in-flight requests get to finish at shutdown")
	fs.BoolVar(&c.RequireMFA, "require-mfa", c.RequireMFA, "require a second factor of every account, whatever its role; turn off only for a demo (env SINTRA_REQUIRE_MFA)")
	fs.IntVar(&c.ExpensivePerMinute, "expensive-per-minute", c.ExpensivePerMinute, "reports, statistics, searches, audit exports and imports one user may run per minute (env SINTRA_EXPENSIVE_PER_MINUTE)")
	fs.IntVar(&c.AlertReadsPerHour, "alert-reads-per-hour", c.AlertReadsPerHour, "flag a user who reads more different víctimas than this in an hour; 0 turns it off (env SINTRA_ALERT_READS_PER_HOUR)")
	fs.IntVar(&c.AlertDuplicatesPerHour, "alert-duplicates-per-hour", c.AlertDuplicatesPerHour, "refuse and flag a user whose registrations match existing víctimas this often in an hour; 0 turns it off (env SINTRA_ALERT_DUPLICATES_PER_HOUR)")
	fs.IntVar(&c.AlertCanalizacionDays, "alert-canalizacion-days", c.AlertCanalizacionDays, "days a canalización may wait for an answer before both institutions are told; from 1 to 365 (env SINTRA_ALERT_CANALIZACION_DAYS)")
}

// ParseProxies reads a comma-separated list of proxy addresses or CIDR
// ranges ("10.0.0.5, 192.168.10.0/24, fd00::/8"); an address alone is a
// range of one. A range of every address is refused: anyone could then
// forge the client address the sign-in lock and the audit trail rely on.
func ParseProxies(list string) ([]*net.IPNet, error) {
	var nets []*net.IPNet
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			ip := net.ParseIP(item)
			if ip == nil {
				return nil, fmt.Errorf("%q is not an IP address or a CIDR range such as 10.0.0.0/8", item)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			nets = append(nets, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(item)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or a CIDR range such as 10.0.0.0/8", item)
		}
		if ones, _ := n.Mask.Size(); ones == 0 {
			return nil, fmt.Errorf("%q would trust every address, letting anyone forge the client address", item)
		}
		nets = append(nets, n)
	}
	return nets, nil
}

// Clock is the clock every service reads: the machine's, or in demo mode
// one started at DemoClock.
func (c *Config) Clock() clock.Clock {
	if c.Demo && !c.DemoClock.IsZero() {
		return clock.Starting(c.DemoClock)
	}
	return clock.Wall()
}

// Embedded reports whether the program runs its own private PostgreSQL.
func (c *Config) Embedded() bool { return c.DatabaseURL == "" }

// Validate reports every problem with the configuration at once.
func (c *Config) Validate() error {
	errs := append([]error(nil), c.envErrs...)
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		errs = append(errs, fmt.Errorf("listen address %q must be host:port, for example 127.0.0.1:8080", c.Addr))
	}
	if c.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil || port == "" {
			errs = append(errs, fmt.Errorf("metrics address %q must be host:port, for example 127.0.0.1:9090", c.MetricsAddr))
		} else if c.MetricsAddr == c.Addr && port != "0" {
			errs = append(errs, errors.New("the metrics address must differ from the public listen address: the metrics are not for the public"))
		}
	}
	if strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, errors.New("data directory must not be empty"))
	}
	if c.DatabaseURL != "" {
		if !validDatabaseURL(c.DatabaseURL) {
			errs = append(errs, errors.New("SINTRA_DATABASE_URL is not a valid PostgreSQL URL"))
		}
	} else if c.OwnerDatabaseURL != "" {
		errs = append(errs, errors.New("SINTRA_OWNER_DATABASE_URL needs SINTRA_DATABASE_URL too; leave both empty for the private PostgreSQL"))
	}
	if c.ReplicaURL != "" && !validDatabaseURL(c.ReplicaURL) {
		errs = append(errs, errors.New("SINTRA_REPLICA_URL is not a valid PostgreSQL URL"))
	}
	if c.OwnerDatabaseURL != "" {
		if !validDatabaseURL(c.OwnerDatabaseURL) {
			errs = append(errs, errors.New("SINTRA_OWNER_DATABASE_URL is not a valid PostgreSQL URL"))
		}
	}
	if _, err := c.SlogLevel(); err != nil {
		errs = append(errs, err)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("log format %q must be text or json", c.LogFormat))
	}
	if c.MaxBodyBytes < 1024 || c.MaxBodyBytes > 64<<20 {
		errs = append(errs, fmt.Errorf("max body bytes %d must be between 1024 and 67108864", c.MaxBodyBytes))
	}
	if c.FeedRecipient != "" && !strings.HasPrefix(c.FeedRecipient, "age1") {
		errs = append(errs, errors.New("SINTRA_FEED_RECIPIENT must be the age recipient (age1…) `sintra feed encryption-key` printed at the national instance"))
	}
	if !entidadCode.MatchString(c.Entidad) {
		errs = append(errs, fmt.Errorf("entidad %q must be an INEGI code of two digits (23 is Quintana Roo)", c.Entidad))
	}
	if c.AnalystK < 2 || c.PublicK < c.AnalystK {
		errs = append(errs, errors.New("SINTRA_ANALYST_K must be 2 or more and SINTRA_PUBLIC_K at least as large"))
	}
	if !c.DemoClock.IsZero() && !c.Demo {
		errs = append(errs, errors.New("the demo clock (--demo-clock, SINTRA_DEMO_CLOCK) works only in demo mode: a real system keeps the machine's time"))
	}
	if c.ExpensivePerMinute < 1 || c.ExpensivePerMinute > 10000 {
		errs = append(errs, fmt.Errorf("expensive operations per minute %d must be between 1 and 10000", c.ExpensivePerMinute))
	}
	if c.AlertReadsPerHour < 0 || c.AlertDuplicatesPerHour < 0 {
		errs = append(errs, errors.New("alert reads and duplicates per hour must be 0 (off) or more"))
	}
	if c.AlertCanalizacionDays < 1 || c.AlertCanalizacionDays > 365 {
		errs = append(errs, fmt.Errorf("days a canalización may wait for an answer %d must be between 1 and 365", c.AlertCanalizacionDays))
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, errors.New("shutdown timeout must be positive"))
	}
	return errors.Join(errs...)
}

// validDatabaseURL reports whether s reads as a PostgreSQL connection
// string: a postgres:// (or postgresql://) URL, or keyword=value pairs.
func validDatabaseURL(s string) bool {
	if strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") {
		_, err := url.Parse(s)
		return err == nil
	}
	fields := strings.Fields(s)
	for _, f := range fields {
		if k, _, ok := strings.Cut(f, "="); !ok || k == "" {
			return false
		}
	}
	return len(fields) > 0
}

// NeedsOwnerURL reports a missing owner URL when an external database must be migrated.
func (c *Config) NeedsOwnerURL(migrating bool) error {
	if migrating && !c.Embedded() && c.OwnerDatabaseURL == "" {
		return errors.New("migrating an external database needs SINTRA_OWNER_DATABASE_URL (the owner role); " +
			"or start the server with --migrate=false after running `sintra migrate up` elsewhere")
	}
	return nil
}

// KeyFile returns the key file to use: the configured one, or in demo mode
// the one in the data directory. Without either it returns an error that
// says what to do.
func (c *Config) KeyFile() (string, error) {
	switch {
	case c.MasterKeyFile != "":
		return c.MasterKeyFile, nil
	case c.Demo:
		return filepath.Join(c.DataDir, "keys", "demo-keys.json"), nil
	}
	return "", errors.New("no master key: set SINTRA_MASTER_KEY_FILE to a key file made with `sintra keys generate --file PATH`, " +
		"or start with --demo (SINTRA_DEMO=true) to use a generated key on demo data only")
}

// ErasureLedgerPath returns the file of the erasure ledger.
func (c *Config) ErasureLedgerPath() string {
	if c.ErasureLedger != "" {
		return c.ErasureLedger
	}
	return filepath.Join(c.DataDir, "erasures.ledger")
}

// SlogLevel returns the configured log level.
func (c *Config) SlogLevel() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return 0, fmt.Errorf("log level %q must be debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}
