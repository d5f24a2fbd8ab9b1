package feed

import (
	"bufio"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

var entidadCode = regexp.MustCompile(`^[0-9]{2}$`)

// LoadKeys reads the trusted keys file at path: one line per entidad,
// its INEGI code and its feed public key in base64 (as `sintra feed
// signing-key` prints it), and anything after them a comment; lines
// starting with # are comments.
func LoadKeys(path string) (Keys, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("feed: trusted keys: %w", err)
	}
	defer f.Close()
	return ReadKeys(f)
}

// ReadKeys reads a trusted keys file from r.
func ReadKeys(r io.Reader) (Keys, error) {
	keys := Keys{}
	s := bufio.NewScanner(r)
	for n := 1; s.Scan(); n++ {
		fields := strings.Fields(s.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) < 2 || !entidadCode.MatchString(fields[0]) {
			return nil, fmt.Errorf("feed: trusted keys, line %d: want an entidad code of two digits and a public key", n)
		}
		pub, err := base64.StdEncoding.DecodeString(fields[1])
		if err != nil || len(pub) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("feed: trusted keys, line %d: the key is not an Ed25519 public key in base64", n)
		}
		if _, dup := keys[fields[0]]; dup {
			return nil, fmt.Errorf("feed: trusted keys, line %d: entidad %s has a key already", n, fields[0])
		}
		keys[fields[0]] = pub
	}
	return keys, s.Err()
}
