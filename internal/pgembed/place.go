package pgembed

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// DefaultPlaceDir is where a cluster is placed when PostgreSQL's account
// cannot reach the data directory's folder (a clone under /root, whose
// mode is 0700, started as root).
const DefaultPlaceDir = "/var/lib/sintra"

// UnreachableError says that the account PostgreSQL runs as cannot reach
// an existing cluster directory, and what to do about it.
type UnreachableError struct {
	DataDir, Account, Advice string
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("pgembed: PostgreSQL runs as %s, which cannot reach %s: %s", e.Account, e.DataDir, e.Advice)
}

// place returns the directory PostgreSQL runs on for dataDir. Usually it
// is dataDir itself (or where dataDir links to). When this process runs
// as root and PostgreSQL's account cannot traverse dataDir's folder, a new
// cluster goes to placeDir/pgdata-<hash of dataDir's path>, and dataDir
// becomes a symbolic link to it: the operator finds the cluster where they
// asked for it, and no permission of theirs is changed.
func (c *Cluster) place(dataDir, placeDir string) (string, error) {
	info, statErr := os.Lstat(dataDir)
	if statErr == nil && info.Mode()&os.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(dataDir)
		if err != nil {
			return "", fmt.Errorf("pgembed: %s links to a cluster directory that is gone (%w); remove the link to start afresh", dataDir, err)
		}
		if err := c.checkReachable(real); err != nil {
			return "", err
		}
		return real, nil
	}
	if err := c.probe(filepath.Dir(dataDir)); err == nil {
		return dataDir, nil
	}
	if statErr == nil {
		return "", &UnreachableError{DataDir: dataDir, Account: c.account(), Advice: fmt.Sprintf(
			"move the cluster to a folder it can reach and link it back (mkdir -p %[1]s && mv %[2]s %[3]s && ln -s %[3]s %[2]s), "+
				"or set SINTRA_DATA_DIR to a folder outside %[4]s", placeDir, dataDir, placedPath(placeDir, dataDir), filepath.Dir(dataDir))}
	}
	target := placedPath(placeDir, dataDir)
	if _, err := os.Lstat(target); err == nil {
		return "", fmt.Errorf("pgembed: PostgreSQL runs as %s, which cannot reach %s, so its cluster goes to %s; "+
			"that directory already holds a cluster made earlier for this path, which %s no longer links to. "+
			"To reuse it: ln -s %s %s; to start afresh: rm -rf %s",
			c.account(), filepath.Dir(dataDir), target, dataDir, target, dataDir, target)
	}
	if err := os.MkdirAll(placeDir, 0o755); err != nil {
		return "", fmt.Errorf("pgembed: create %s: %w", placeDir, err)
	}
	if err := c.probe(placeDir); err != nil {
		return "", &UnreachableError{DataDir: placeDir, Account: c.account(),
			Advice: "set SINTRA_DATA_DIR to a folder it can reach (every folder above it searchable by others, mode o+x)"}
	}
	if err := os.Symlink(target, dataDir); err != nil {
		return "", fmt.Errorf("pgembed: link %s to %s: %w", dataDir, target, err)
	}
	c.log.Info("PostgreSQL's account cannot reach the data directory's folder: its cluster is placed elsewhere and linked",
		"account", c.account(), "link", dataDir, "cluster", target)
	return target, nil
}

// placedPath names the directory of dataDir's cluster under placeDir.
func placedPath(placeDir, dataDir string) string {
	sum := sha256.Sum256([]byte(dataDir))
	return filepath.Join(placeDir, "pgdata-"+hex.EncodeToString(sum[:8]))
}

// checkReachable reports an UnreachableError when PostgreSQL's account
// cannot traverse dir's folder.
func (c *Cluster) checkReachable(dir string) error {
	if err := c.probe(filepath.Dir(dir)); err != nil {
		return &UnreachableError{DataDir: dir, Account: c.account(),
			Advice: "give it search permission on every folder above (chmod o+x) or move the cluster"}
	}
	return nil
}

// probe checks that PostgreSQL's account can enter dir: it starts pg_ctl
// there as that account (the kernel changes the user before the folder).
func (c *Cluster) probe(dir string) error {
	if c.runAs == nil {
		return nil
	}
	cmd := exec.Command(filepath.Join(c.binDir, "pg_ctl"), "--version")
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.runAs}
	return cmd.Run()
}

// account names the user PostgreSQL runs as.
func (c *Cluster) account() string {
	return c.runAsName
}
