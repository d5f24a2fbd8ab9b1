package feed_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"sintra/internal/audit"
	"sintra/internal/feed"
	"sintra/internal/testapp"
)

func TestFeed_ABatchLeavesEncryptedToTheNationalInstanceAndSignedInside(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	identity, recipient, err := feed.NewEncryptionKey()
	if err != nil {
		t.Fatal(err)
	}
	state, national := newState(t), newNational(t)
	keys := trust(t, map[string]*testapp.Env{"23": state})
	if _, err := state.Feed.ExportSealed(ctx, audit.CommandLine, 0, false, &bytes.Buffer{}, nil); err == nil ||
		!strings.Contains(err.Error(), "SINTRA_FEED_RECIPIENT") {
		t.Errorf("an export with no national recipient: %v, want it refused", err)
	}
	var sealed bytes.Buffer
	h, err := state.Feed.WithRecipient(recipient).ExportSealed(ctx, audit.CommandLine, 0, false, &sealed, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(sealed.Bytes(), []byte("age-encryption.org/v1\n")) || bytes.Contains(sealed.Bytes(), []byte(`"pseudonym"`)) ||
		bytes.Contains(sealed.Bytes(), []byte(`"entidad"`)) {
		t.Fatal("the batch left the state in clear")
	}
	other, _, _ := feed.NewEncryptionKey()
	if _, err := feed.Open(bytes.NewReader(sealed.Bytes()), other); err == nil {
		t.Error("another identity opened the batch")
	}
	if _, err := feed.Open(strings.NewReader("{}\n"), identity); err == nil {
		t.Error("a batch in clear was taken as sealed")
	}
	opened, err := feed.Open(bytes.NewReader(sealed.Bytes()), identity)
	if err != nil {
		t.Fatal(err)
	}
	got, err := asOwner(t, national).Import(ctx, audit.CommandLine, opened, keys, nil)
	if err != nil || got.Applied != h.Records {
		t.Fatalf("importing the opened batch: %+v %v, want its %d records", got, err, h.Records)
	}
}
