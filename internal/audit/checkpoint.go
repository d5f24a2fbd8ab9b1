package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"sintra/internal/store"
)

// A database superuser could rewrite a whole chain, hashes included, or cut
// it back and move its head, and the walk of Verify would still pass. A
// checkpoint signed with a key the database never sees, and kept away from
// it, pins each chain's head at a moment: a later trail that does not
// contain those exact events was rewritten.

// Checkpoint is the signed state of every chain's head at a moment.
type Checkpoint struct {
	CreatedAt time.Time        `json:"created_at"`
	Chains    []CheckpointHead `json:"chains"`
	Signature []byte           `json:"signature"`
}

// CheckpointHead is one chain's head at the checkpoint.
type CheckpointHead struct {
	Chain int    `json:"chain"`
	Seq   int64  `json:"seq"`
	Hash  string `json:"hash"`
}

// Events counts the events the checkpoint covers.
func (c Checkpoint) Events() int64 {
	var n int64
	for _, h := range c.Chains {
		n += h.Seq
	}
	return n
}

// signedBytes is the text the signature covers: every field but itself.
func (c Checkpoint) signedBytes() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "sintra-audit-checkpoint v1\ncreated_at %s\n", c.CreatedAt.UTC().Format(time.RFC3339Nano))
	for _, h := range c.Chains {
		fmt.Fprintf(&b, "chain %d seq %d hash %s\n", h.Chain, h.Seq, h.Hash)
	}
	return b.Bytes()
}

// MakeCheckpoint walks the trail and, when it is intact, signs the heads its
// chains had when the walk began. It refuses to sign a broken trail.
func MakeCheckpoint(ctx context.Context, st *store.Store, key ed25519.PrivateKey, now time.Time,
	progress func(done, total int64)) (Checkpoint, *Break, error) {
	heads, err := st.AuditChainHeads(ctx)
	if err != nil {
		return Checkpoint{}, nil, err
	}
	if _, brk, err := Verify(ctx, st, progress); err != nil || brk != nil {
		return Checkpoint{}, brk, err
	}
	c := Checkpoint{CreatedAt: now.UTC()}
	for _, h := range heads {
		c.Chains = append(c.Chains, CheckpointHead{Chain: h.Chain, Seq: h.Seq, Hash: hex.EncodeToString(h.Hash)})
	}
	// The walk checked the chains through their current heads, which the
	// heads read before it precede: confirm they are still in place.
	if brk, err := matchHeads(ctx, st, c); err != nil || brk != nil {
		return Checkpoint{}, brk, err
	}
	c.Signature = ed25519.Sign(key, c.signedBytes())
	return c, nil, nil
}

// ErrCheckpointSignature says a checkpoint was not signed by the key given,
// or was changed after it was signed.
var ErrCheckpointSignature = errors.New("audit: the checkpoint's signature does not match the public key: it was altered or signed by another key")

// VerifyCheckpoint checks the checkpoint's signature with pub, then that
// every chain still holds, at the checkpoint's sequence number, the event
// whose hash it signed. It returns the first chain that does not.
func VerifyCheckpoint(ctx context.Context, st *store.Store, c Checkpoint, pub ed25519.PublicKey) (*Break, error) {
	if !ed25519.Verify(pub, c.signedBytes(), c.Signature) {
		return nil, ErrCheckpointSignature
	}
	return matchHeads(ctx, st, c)
}

func matchHeads(ctx context.Context, st *store.Store, c Checkpoint) (*Break, error) {
	for _, h := range c.Chains {
		if h.Seq == 0 {
			continue
		}
		events, err := st.AuditChain(ctx, h.Chain, h.Seq, 1)
		if err != nil {
			return nil, err
		}
		signed := fmt.Sprintf("the checkpoint of %s signed seq %d of this chain", c.CreatedAt.UTC().Format(time.RFC3339), h.Seq)
		switch {
		case len(events) == 0 || events[0].Seq != h.Seq:
			return &Break{Chain: h.Chain, Seq: h.Seq, Problem: signed + ", which is gone: the chain was cut back"}, nil
		case hex.EncodeToString(events[0].Hash) != h.Hash:
			return &Break{Chain: h.Chain, Seq: h.Seq, EventID: events[0].ID,
				Problem: signed + " with another hash: the chain was rewritten"}, nil
		}
	}
	return nil, nil
}

// GenerateSigningKey writes a new Ed25519 key pair: the private key at path
// (PKCS #8 PEM, mode 0600) and the public key at path + ".pub". It never
// overwrites a file.
func GenerateSigningKey(path string) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	privDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return err
	}
	if err := writeNew(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER}), 0o600); err != nil {
		return err
	}
	return writeNew(path+".pub", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644)
}

func writeNew(path string, content []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("audit: %w (a key file is never overwritten)", err)
	}
	if _, err := f.Write(content); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// LoadSigningKey reads an Ed25519 private key written by GenerateSigningKey.
func LoadSigningKey(path string) (ed25519.PrivateKey, error) {
	key, err := readPEM(path, "PRIVATE KEY", x509.ParsePKCS8PrivateKey)
	if err != nil {
		return nil, err
	}
	priv, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("audit: %s is not an Ed25519 private key", path)
	}
	return priv, nil
}

// LoadPublicKey reads an Ed25519 public key written by GenerateSigningKey.
func LoadPublicKey(path string) (ed25519.PublicKey, error) {
	key, err := readPEM(path, "PUBLIC KEY", x509.ParsePKIXPublicKey)
	if err != nil {
		return nil, err
	}
	pub, ok := key.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("audit: %s is not an Ed25519 public key", path)
	}
	return pub, nil
}

func readPEM(path, blockType string, parse func([]byte) (any, error)) (any, error) {
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	block, _ := pem.Decode(content)
	if block == nil || block.Type != blockType {
		return nil, fmt.Errorf("audit: %s holds no PEM %s", path, strings.ToLower(blockType))
	}
	key, err := parse(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("audit: %s: %w", path, err)
	}
	return key, nil
}
