package pgembed

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// DefaultLibGlob matches the binary directories of Debian's PostgreSQL packages.
const DefaultLibGlob = "/usr/lib/postgresql/*/bin"

// requiredBinaries are the programs a private cluster needs.
var requiredBinaries = []string{"initdb", "pg_ctl", "postgres"}

// MissingBinariesError says PostgreSQL's server programs were not found and how to install them.
type MissingBinariesError struct{ Searched []string }

func (e *MissingBinariesError) Error() string {
	return fmt.Sprintf("PostgreSQL server programs (initdb, pg_ctl, postgres) not found on PATH nor in %s. "+
		"Install them with `sudo apt-get install postgresql` (Debian/Ubuntu), "+
		"set SINTRA_PG_BIN to the folder that holds them, "+
		"or point SINTRA_DATABASE_URL at an existing server", strings.Join(e.Searched, ", "))
}

// FindBinDir returns the folder holding initdb, pg_ctl and postgres: first
// from pathList (a PATH value, symlinks resolved), then the newest version
// matching libGlob.
func FindBinDir(pathList, libGlob string) (string, error) {
	searched := []string{}
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" {
			continue
		}
		searched = append(searched, dir)
		pgctl, err := filepath.EvalSymlinks(filepath.Join(dir, "pg_ctl"))
		if err != nil {
			continue
		}
		if real := filepath.Dir(pgctl); checkBinDir(real) == nil {
			return real, nil
		}
	}
	if libGlob != "" {
		searched = append(searched, libGlob)
		dirs, _ := filepath.Glob(libGlob)
		sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
		for _, dir := range dirs {
			if checkBinDir(dir) == nil {
				return dir, nil
			}
		}
	}
	return "", &MissingBinariesError{Searched: searched}
}

// checkBinDir reports whether dir holds every required program.
func checkBinDir(dir string) error {
	for _, name := range requiredBinaries {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
			return &MissingBinariesError{Searched: []string{dir}}
		}
	}
	return nil
}

// versionOf reads the major version from a path like /usr/lib/postgresql/16/bin.
func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}
