package crypto

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// formatV1 is the first byte of every ciphertext this package makes.
const formatV1 = 1

// ErrDecrypt says a ciphertext did not open: wrong key, wrong place, or altered.
var ErrDecrypt = errors.New("crypto: ciphertext does not open (altered, misplaced or wrong key)")

// Place binds a ciphertext to where it belongs: a table and a record id.
type Place struct {
	Table    string
	RecordID string
}

func (p Place) dekAD(version int) []byte {
	return []byte(fmt.Sprintf("sintra/dek\x00%s\x00%s\x00%d", p.Table, p.RecordID, version))
}

func (p Place) fieldAD(column string) []byte {
	return []byte("sintra/field\x00" + p.Table + "\x00" + column + "\x00" + p.RecordID)
}

// DataKey is a record's own key, in the clear only in memory.
type DataKey []byte

// NewDataKey returns a fresh random data key.
func NewDataKey() DataKey {
	k := make([]byte, KeySize)
	rand.Read(k)
	return k
}

// WrapKey encrypts a data key for place under the current master key. The
// result names its master key version: [1][version:4][nonce:24][sealed].
func (k *Keyring) WrapKey(dek DataKey, place Place) ([]byte, int, error) {
	version, master := k.currentMaster()
	out, err := k.wrapWith(dek, place, version, master)
	return out, version, err
}

func (k *Keyring) wrapWith(dek DataKey, place Place, version int, master []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(master)
	if err != nil {
		return nil, err
	}
	header := make([]byte, 5, 5+chacha20poly1305.NonceSizeX+len(dek)+aead.Overhead())
	header[0] = formatV1
	binary.BigEndian.PutUint32(header[1:], uint32(version))
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	rand.Read(nonce)
	return aead.Seal(append(header, nonce...), nonce, dek, place.dekAD(version)), nil
}

// UnwrapKey opens a wrapped data key of place with the master key it names.
func (k *Keyring) UnwrapKey(wrapped []byte, place Place) (DataKey, error) {
	if len(wrapped) < 5+chacha20poly1305.NonceSizeX || wrapped[0] != formatV1 {
		return nil, ErrDecrypt
	}
	version := int(binary.BigEndian.Uint32(wrapped[1:5]))
	master, err := k.master(version)
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(master)
	if err != nil {
		return nil, err
	}
	nonce := wrapped[5 : 5+chacha20poly1305.NonceSizeX]
	dek, err := aead.Open(nil, nonce, wrapped[5+chacha20poly1305.NonceSizeX:], place.dekAD(version))
	if err != nil {
		return nil, ErrDecrypt
	}
	return dek, nil
}

// WrappedVersion returns the master key version a wrapped key names.
func WrappedVersion(wrapped []byte) int {
	if len(wrapped) < 5 {
		return 0
	}
	return int(binary.BigEndian.Uint32(wrapped[1:5]))
}

// Rewrap opens a wrapped key and wraps it again under the current master
// key; the fields it protects stay as they are.
func (k *Keyring) Rewrap(wrapped []byte, place Place) ([]byte, int, error) {
	dek, err := k.UnwrapKey(wrapped, place)
	if err != nil {
		return nil, 0, err
	}
	return k.WrapKey(dek, place)
}

// Seal encrypts a field's value with the record's data key:
// [1][nonce:24][sealed]. An empty value seals to nil.
func Seal(dek DataKey, place Place, column string, plaintext string) ([]byte, error) {
	if plaintext == "" {
		return nil, nil
	}
	aead, err := chacha20poly1305.NewX(dek)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	rand.Read(nonce)
	out := append([]byte{formatV1}, nonce...)
	return aead.Seal(out, nonce, []byte(plaintext), place.fieldAD(column)), nil
}

// Open decrypts a field sealed for exactly this place and column.
func Open(dek DataKey, place Place, column string, ciphertext []byte) (string, error) {
	if ciphertext == nil {
		return "", nil
	}
	if len(ciphertext) < 1+chacha20poly1305.NonceSizeX || ciphertext[0] != formatV1 {
		return "", ErrDecrypt
	}
	aead, err := chacha20poly1305.NewX(dek)
	if err != nil {
		return "", err
	}
	nonce := ciphertext[1 : 1+chacha20poly1305.NonceSizeX]
	plain, err := aead.Open(nil, nonce, ciphertext[1+chacha20poly1305.NonceSizeX:], place.fieldAD(column))
	if err != nil {
		return "", ErrDecrypt
	}
	return string(plain), nil
}
