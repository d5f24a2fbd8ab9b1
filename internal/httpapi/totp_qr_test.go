package httpapi_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

// The enrolment gives the otpauth URL as a QR code, a square PNG an
// authenticator app scans; the secret stays out of the log.
func TestSecondFactor_EnrolmentGivesAQRCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana", "CEAVEQROO", role("capturista", "23005"))
	token := e.login(t, "ana", testPassword).AccessToken
	var enrolment struct {
		Secret string
		QR     []byte `json:"qr_png"`
	}
	e.do(t, "POST", "/api/v1/auth/totp", token, nil).json(t, &enrolment)
	img, err := png.Decode(bytes.NewReader(enrolment.QR))
	if err != nil {
		t.Fatalf("qr_png is no PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != b.Dy() || b.Dx() < 200 {
		t.Errorf("QR image %v, want a square of at least 200 pixels", b)
	}
	if enrolment.Secret == "" || strings.Contains(e.log.String(), enrolment.Secret) {
		t.Errorf("no secret, or the secret in the log")
	}
}
