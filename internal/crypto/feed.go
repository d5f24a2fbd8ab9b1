package crypto

import (
	"crypto"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
)

// FeedContext is the Ed25519ph context of the national feed's signatures,
// so that a feed signature is never valid for anything else.
const FeedContext = "sintra-feed/2"

// ErrNoFeedKey says the key file has no feed signing key.
var ErrNoFeedKey = errors.New("the key file has no feed signing key: add one with `sintra feed signing-key`")

// FeedPseudonym names a record in the national feed: HMAC-SHA256, under a
// key derived from the index key, of the record's kind and id, in hex. The
// same record always gets the same pseudonym, so the national instance can
// replace what it holds; without the key nobody can tell which record it is.
func (k *Keyring) FeedPseudonym(kind string, id [16]byte) string {
	k.mu.RLock()
	index := k.index
	k.mu.RUnlock()
	derive := hmac.New(sha256.New, index)
	derive.Write([]byte("sintra-feed-pseudonym/1"))
	mac := hmac.New(sha256.New, derive.Sum(nil))
	mac.Write([]byte(kind))
	mac.Write([]byte{0})
	mac.Write(id[:])
	return hex.EncodeToString(mac.Sum(nil))
}

// SignFeed signs the SHA-512 digest of a feed batch with Ed25519ph under
// the feed signing key.
func (k *Keyring) SignFeed(digest []byte) ([]byte, error) {
	k.mu.RLock()
	key := k.feed
	k.mu.RUnlock()
	if key == nil {
		return nil, ErrNoFeedKey
	}
	return key.Sign(rand.Reader, digest, &ed25519.Options{Hash: crypto.SHA512, Context: FeedContext})
}

// FeedPublicKey returns the public half of the feed signing key.
func (k *Keyring) FeedPublicKey() (ed25519.PublicKey, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.feed == nil {
		return nil, ErrNoFeedKey
	}
	return k.feed.Public().(ed25519.PublicKey), nil
}

// VerifyFeed checks a feed batch's signature of its SHA-512 digest.
func VerifyFeed(pub ed25519.PublicKey, digest, signature []byte) bool {
	return ed25519.VerifyWithOptions(pub, digest, signature, &ed25519.Options{Hash: crypto.SHA512, Context: FeedContext}) == nil
}

// AddFeedSigningKey gives the key file at path a feed signing key if it has
// none, and returns the public key, base64.
func AddFeedSigningKey(path string) (string, bool, error) {
	f, err := readKeyFile(path)
	if err != nil {
		return "", false, err
	}
	added := f.FeedSigningKey == ""
	if added {
		f.FeedSigningKey = randomKey()
		if err := writeKeyFile(path, f); err != nil {
			return "", false, err
		}
	}
	seed, err := decodeKey("feed signing key", f.FeedSigningKey)
	if err != nil {
		return "", false, err
	}
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	return base64.StdEncoding.EncodeToString(pub), added, nil
}
