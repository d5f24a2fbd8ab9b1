package feed

import (
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
)

// A batch leaves the state encrypted with age (age-encryption.org/v1) to
// the national instance's X25519 recipient, and signed inside: whoever
// carries the file reads nothing of it, and the national instance decrypts
// it into memory only, never to disk.

// Seal returns a writer that encrypts what is written to w for recipient,
// the national instance's ("age1…", SINTRA_FEED_RECIPIENT); closing it
// finishes the ciphertext. The ciphertext starts at the first write, so
// that an export refused before it writes nothing: an answer not yet
// begun can still be a refusal.
func Seal(w io.Writer, recipient string) (io.WriteCloser, error) {
	r, err := age.ParseX25519Recipient(strings.TrimSpace(recipient))
	if err != nil {
		return nil, fmt.Errorf("feed: the national recipient %q is not an age X25519 recipient: %w", recipient, err)
	}
	return &sealOnWrite{w: w, recipient: r}, nil
}

// sealOnWrite is what Seal returns.
type sealOnWrite struct {
	w         io.Writer
	recipient *age.X25519Recipient
	sealed    io.WriteCloser
}

func (s *sealOnWrite) Write(p []byte) (int, error) {
	if s.sealed == nil {
		sealed, err := age.Encrypt(s.w, s.recipient)
		if err != nil {
			return 0, err
		}
		s.sealed = sealed
	}
	return s.sealed.Write(p)
}

func (s *sealOnWrite) Close() error {
	if s.sealed == nil {
		return nil
	}
	return s.sealed.Close()
}

// Open returns the plaintext of a batch sealed for identity, read from r
// as it is read: the text of an identity file made by NewEncryptionKey.
func Open(r io.Reader, identity string) (io.Reader, error) {
	ids, err := age.ParseIdentities(strings.NewReader(identity))
	if err != nil {
		return nil, fmt.Errorf("feed: the national identity: %w", err)
	}
	out, err := age.Decrypt(r, ids...)
	if err != nil {
		return nil, refused("no está cifrado para esta instancia nacional.", err)
	}
	return out, nil
}

// NewEncryptionKey returns a new national identity, as the text of its
// file, and the recipient the states encrypt their batches to.
func NewEncryptionKey() (identity, recipient string, err error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", "", fmt.Errorf("feed: encryption key: %w", err)
	}
	return "# sintra feed: the national instance's identity; keep it secret\n" + id.String() + "\n", id.Recipient().String(), nil
}
