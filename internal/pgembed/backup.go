package pgembed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// The private cluster's backups: with a WAL archive, the server copies
// every completed segment of its write-ahead log to the archive (and at
// least once a minute); Backup copies the running cluster with
// pg_basebackup; Restore puts a backup back in place of the cluster so that
// the next start replays the archive up to a chosen instant and goes on
// from there (point-in-time recovery).

// archiveTimeout forces a segment into the archive at least this often,
// so that a restore loses at most this much of a quiet day.
const archiveTimeout = "60s"

// prepareArchive makes the WAL archive folder, which PostgreSQL's account
// must reach and write, and returns its absolute path.
func (c *Cluster) prepareArchive(dir string) (string, error) {
	if dir == "" {
		return "", nil
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("pgembed: %w", err)
	}
	if strings.ContainsAny(dir, `'"\ `) {
		return "", fmt.Errorf("pgembed: the WAL archive's path %q may hold no quote, backslash or space", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("pgembed: create the WAL archive: %w", err)
	}
	if err := c.giveToRunAs(dir); err != nil {
		return "", err
	}
	if err := c.probe(dir); err != nil {
		return "", &UnreachableError{DataDir: dir, Account: c.account(),
			Advice: "choose a WAL archive it can reach (every folder above it searchable by others, mode o+x)"}
	}
	return dir, nil
}

// archiveOptions are the server options that archive the WAL, if asked.
func (c *Cluster) archiveOptions() string {
	if c.walArchive == "" {
		return ""
	}
	return fmt.Sprintf(` -c archive_mode=on -c archive_timeout=%s -c "archive_command=test ! -f %[2]s/%%f && cp %%p %[2]s/%%f"`,
		archiveTimeout, c.walArchive)
}

// Backup copies the running cluster into dest, a folder that must not
// exist yet, with pg_basebackup: a consistent copy, with the WAL it
// needs, taken without stopping the server.
func (c *Cluster) Backup(ctx context.Context, dest string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(c.binDir, "pg_basebackup"), "-D", dest, "-X", "stream", "-c", "fast",
		"-h", c.socketDir, "-p", fmt.Sprint(port), "-U", Superuser)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pgembed: pg_basebackup: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Restore puts the backup in backupDir in place of the cluster of
// opts.DataDir, which must not be running, so that its next start
// replays opts.WALArchive up to target and then goes on as a new timeline.
// The cluster it replaces is kept beside it; Restore returns where.
func Restore(ctx context.Context, opts Options, backupDir string, target time.Time) (string, error) {
	if opts.WALArchive == "" {
		return "", errors.New("pgembed: a point-in-time restore needs the WAL archive (SINTRA_WAL_ARCHIVE)")
	}
	if _, err := os.Stat(filepath.Join(backupDir, "backup_label")); err != nil {
		return "", fmt.Errorf("pgembed: %s is not a backup made by sintra backup (no backup_label)", backupDir)
	}
	c, err := prepare(opts)
	if err != nil {
		return "", err
	}
	owned, err := c.tryLock()
	if err != nil {
		return "", err
	}
	if !owned || c.Running(ctx) {
		if owned {
			c.unlock()
		}
		return "", errors.New("pgembed: the cluster is running: stop the server (and every sintra command) before restoring")
	}
	defer c.unlock()
	aside := ""
	if _, err := os.Stat(c.dataDir); err == nil {
		aside = c.dataDir + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(c.dataDir, aside); err != nil {
			return "", fmt.Errorf("pgembed: set the cluster aside: %w", err)
		}
	}
	if out, err := exec.CommandContext(ctx, "cp", "-a", backupDir, c.dataDir).CombinedOutput(); err != nil {
		return aside, fmt.Errorf("pgembed: copy the backup: %w: %s", err, out)
	}
	settings := fmt.Sprintf("\n# point-in-time restore by sintra\nrestore_command = 'cp %s/%%f %%p'\n"+
		"recovery_target_time = '%s'\nrecovery_target_action = 'promote'\n", c.walArchive, target.UTC().Format("2006-01-02 15:04:05.999999-07:00"))
	if err := appendFile(filepath.Join(c.dataDir, "postgresql.auto.conf"), settings); err != nil {
		return aside, err
	}
	if err := os.WriteFile(filepath.Join(c.dataDir, "recovery.signal"), nil, 0o600); err != nil {
		return aside, fmt.Errorf("pgembed: %w", err)
	}
	os.Remove(filepath.Join(c.dataDir, "postmaster.pid"))
	return aside, c.giveTreeToRunAs(c.dataDir)
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("pgembed: %w", err)
	}
	_, err = f.WriteString(text)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	return err
}

// giveTreeToRunAs gives every file under root to PostgreSQL's account.
func (c *Cluster) giveTreeToRunAs(root string) error {
	if c.runAs == nil {
		return nil
	}
	return filepath.WalkDir(root, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(c.runAs.Uid), int(c.runAs.Gid))
	})
}

// awaitRecovery waits, after a start, until the server has finished a
// point-in-time recovery and accepts writes; a normal start returns at
// once. The recovery, begun by a restore (recovering), is announced
// whether or not the server is still replaying when first asked.
func (c *Cluster) awaitRecovery(ctx context.Context, recovering bool) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()
	if recovering {
		c.log.Info("replaying the WAL archive up to the restore's target…", "dir", c.dataDir)
	}
	for {
		inRecovery, err := c.inRecovery(ctx)
		if err != nil {
			return fmt.Errorf("pgembed: after the start: %w", err)
		}
		if !inRecovery {
			if recovering {
				c.log.Info("point-in-time recovery finished: the cluster goes on from the target", "dir", c.dataDir)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pgembed: recovery did not finish (its log is %s): %w", filepath.Join(c.dataDir, "server.log"), ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func (c *Cluster) inRecovery(ctx context.Context) (bool, error) {
	conn, err := pgx.Connect(ctx, c.URL(Superuser, "postgres"))
	if err != nil {
		return false, err
	}
	defer conn.Close(ctx)
	var recovering bool
	err = conn.QueryRow(ctx, "SELECT pg_is_in_recovery()").Scan(&recovering)
	return recovering, err
}
