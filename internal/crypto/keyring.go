// Package crypto is the one place where personal data is encrypted and
// decrypted, and where keys live. Envelope encryption: each record has its
// own random data key, wrapped by a versioned master key from the key file;
// fields are sealed with the data key under XChaCha20-Poly1305, bound by
// associated data to their table, column and record id. Blind indexes are
// HMAC-SHA256 under a key of their own.
package crypto

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"time"
)

// KeySize is the size of every key, in bytes.
const KeySize = 32

// keyFile is the on-disk form of the keys: JSON, base64 keys, mode 0600.
type keyFile struct {
	// MasterKeys wrap the data keys, by version.
	MasterKeys map[string]string `json:"master_keys"`
	// Current is the version that wraps new data keys.
	Current int `json:"current"`
	// IndexKey keys the blind indexes; it never rotates with the master key.
	IndexKey string `json:"index_key"`
	// TokenKey signs access tokens.
	TokenKey string `json:"token_key"`
	// FeedSigningKey is the seed of the Ed25519 key that signs the national
	// feed's batches; files made before the feed have none until `sintra
	// feed signing-key` adds one.
	FeedSigningKey string `json:"feed_signing_key,omitempty"`
}

// Keyring holds the keys of a key file and notices when the file changes,
// so a running server picks up a version added by `sintra keys rotate`.
type Keyring struct {
	path string

	mu      sync.RWMutex
	masters map[int][]byte
	current int
	index   []byte
	token   []byte
	feed    ed25519.PrivateKey
	modTime time.Time
	checked time.Time
}

// LoadKeyring reads and checks the key file at path.
func LoadKeyring(path string) (*Keyring, error) {
	k := &Keyring{path: path}
	if err := k.reload(); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *Keyring) reload() error {
	info, err := os.Stat(k.path)
	if err != nil {
		return fmt.Errorf("crypto: key file: %w", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("crypto: key file %s must be readable by its owner only (chmod 600)", k.path)
	}
	content, err := os.ReadFile(k.path)
	if err != nil {
		return fmt.Errorf("crypto: key file: %w", err)
	}
	var f keyFile
	if err := json.Unmarshal(content, &f); err != nil {
		return fmt.Errorf("crypto: key file %s is not valid JSON: %w", k.path, err)
	}
	masters := map[int][]byte{}
	for v, encoded := range f.MasterKeys {
		version, err := strconv.Atoi(v)
		if err != nil || version < 1 {
			return fmt.Errorf("crypto: key file: master key version %q must be a positive number", v)
		}
		if masters[version], err = decodeKey("master key "+v, encoded); err != nil {
			return err
		}
	}
	if _, ok := masters[f.Current]; !ok {
		return fmt.Errorf("crypto: key file: current version %d has no master key", f.Current)
	}
	index, err := decodeKey("index key", f.IndexKey)
	if err != nil {
		return err
	}
	token, err := decodeKey("token key", f.TokenKey)
	if err != nil {
		return err
	}
	var feed ed25519.PrivateKey
	if f.FeedSigningKey != "" {
		seed, err := decodeKey("feed signing key", f.FeedSigningKey)
		if err != nil {
			return err
		}
		feed = ed25519.NewKeyFromSeed(seed)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.masters, k.current, k.index, k.token, k.feed = masters, f.Current, index, token, feed
	k.modTime, k.checked = info.ModTime(), time.Now()
	return nil
}

// decodeKey checks that a key is 32 bytes and not trivially weak.
func decodeKey(name, encoded string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil || len(key) != KeySize {
		return nil, fmt.Errorf("crypto: key file: %s must be base64 of %d random bytes", name, KeySize)
	}
	if bytes.Count(key, key[:1]) == len(key) || distinctBytes(key) < 12 {
		return nil, fmt.Errorf("crypto: key file: %s is weak (too few distinct bytes); generate keys with `sintra keys generate`", name)
	}
	return key, nil
}

func distinctBytes(b []byte) int {
	seen := map[byte]bool{}
	for _, c := range b {
		seen[c] = true
	}
	return len(seen)
}

// refresh reloads the file when it changed, at most once a second.
func (k *Keyring) refresh() {
	k.mu.RLock()
	due := time.Since(k.checked) > time.Second
	k.mu.RUnlock()
	if !due {
		return
	}
	info, err := os.Stat(k.path)
	k.mu.Lock()
	k.checked = time.Now()
	changed := err == nil && !info.ModTime().Equal(k.modTime)
	k.mu.Unlock()
	if changed {
		k.reload()
	}
}

// current returns the version and key that wrap new data keys.
func (k *Keyring) currentMaster() (int, []byte) {
	k.refresh()
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.current, k.masters[k.current]
}

// master returns the key of a version, reloading the file once if unknown.
func (k *Keyring) master(version int) ([]byte, error) {
	k.mu.RLock()
	key, ok := k.masters[version]
	k.mu.RUnlock()
	if ok {
		return key, nil
	}
	if err := k.reload(); err != nil {
		return nil, err
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	if key, ok = k.masters[version]; !ok {
		return nil, fmt.Errorf("crypto: master key version %d is not in the key file", version)
	}
	return key, nil
}

// CurrentVersion returns the master key version that wraps new data keys.
func (k *Keyring) CurrentVersion() int {
	v, _ := k.currentMaster()
	return v
}

// TokenKey returns the key that signs access tokens.
func (k *Keyring) TokenKey() []byte {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.token
}

func randomKey() string {
	b := make([]byte, KeySize)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// GenerateKeyFile writes a new key file at path with master key version 1
// and fresh index and token keys. It refuses to overwrite a file.
func GenerateKeyFile(path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("crypto: %s exists; keys are never overwritten", path)
	}
	return writeKeyFile(path, keyFile{
		MasterKeys: map[string]string{"1": randomKey()}, Current: 1, IndexKey: randomKey(), TokenKey: randomKey(),
		FeedSigningKey: randomKey(),
	})
}

// GenerateKeyring writes a new key file at path and loads it.
func GenerateKeyring(path string) (*Keyring, error) {
	if err := GenerateKeyFile(path); err != nil {
		return nil, err
	}
	return LoadKeyring(path)
}

// AddMasterVersion adds a new master key version to the file at path and
// makes it current; older versions stay so existing records still open.
func AddMasterVersion(path string) (int, error) {
	f, err := readKeyFile(path)
	if err != nil {
		return 0, err
	}
	versions := make([]int, 0, len(f.MasterKeys))
	for v := range f.MasterKeys {
		n, _ := strconv.Atoi(v)
		versions = append(versions, n)
	}
	sort.Ints(versions)
	next := versions[len(versions)-1] + 1
	f.MasterKeys[strconv.Itoa(next)] = randomKey()
	f.Current = next
	return next, writeKeyFile(path, f)
}

// RetireOldMasterKeys removes every master key version but the current one
// from the file at path and returns the versions removed. The caller must
// first make sure no data key is wrapped by them: those records would no
// longer open.
func RetireOldMasterKeys(path string) ([]int, error) {
	f, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	var retired []int
	for v := range f.MasterKeys {
		if n, _ := strconv.Atoi(v); n != f.Current {
			retired = append(retired, n)
			delete(f.MasterKeys, v)
		}
	}
	sort.Ints(retired)
	if len(retired) == 0 {
		return nil, nil
	}
	return retired, writeKeyFile(path, f)
}

// readKeyFile reads the key file at path for a change.
func readKeyFile(path string) (keyFile, error) {
	var f keyFile
	content, err := os.ReadFile(path)
	if err != nil {
		return f, fmt.Errorf("crypto: key file: %w", err)
	}
	if err := json.Unmarshal(content, &f); err != nil {
		return f, fmt.Errorf("crypto: key file: %w", err)
	}
	return f, nil
}

// writeKeyFile replaces path atomically with mode 0600.
func writeKeyFile(path string, f keyFile) error {
	content, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("crypto: key directory: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".keys-*")
	if err != nil {
		return fmt.Errorf("crypto: write key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(append(content, '\n')); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ErrNoKey says the server has no key file and is not in demo mode.
var ErrNoKey = errors.New("no master key: set SINTRA_MASTER_KEY_FILE to a key file made with `sintra keys generate`, or run with --demo")
