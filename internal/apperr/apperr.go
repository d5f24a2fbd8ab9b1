// Package apperr defines the one error type that crosses layers: a code the
// HTTP layer maps to a status, and a Spanish message safe to show a user.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an error for the caller; each maps to one HTTP status.
type Code string

// The error codes. Internal is the default for anything unclassified.
const (
	Invalid            Code = "invalid"
	Unauthenticated    Code = "unauthenticated"
	MFARequired        Code = "mfa_required"
	Forbidden          Code = "forbidden"
	PasswordChange     Code = "password_change_required"
	MFAEnrollment      Code = "mfa_enrollment_required"
	NotFound           Code = "not_found"
	Conflict           Code = "conflict"
	PreconditionFailed Code = "precondition_failed"
	PreconditionNeeded Code = "precondition_required"
	MethodNotAllowed   Code = "method_not_allowed"
	PayloadTooLarge    Code = "payload_too_large"
	UnsupportedMedia   Code = "unsupported_media_type"
	TooManyRequests    Code = "too_many_requests"
	Unavailable        Code = "unavailable"
	Internal           Code = "internal"
	// Unprocessable refuses a well-formed request that the record's state
	// forbids, such as a payment beyond what a resolución ordered.
	Unprocessable Code = "unprocessable"
)

// FieldError names one invalid input field and why, in Spanish.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an error with a code and a message meant for the user. The
// message never carries personal data; Err keeps the cause for logs.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	Err     error
	// RetryAfter, when set, tells the client how long to wait.
	RetryAfter time.Duration
	// Extensions are extra members of the problem body, such as the
	// possible duplicates of a registration. Never personal data.
	Extensions map[string]any
}

// Error returns the code, message and wrapped cause.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error with the given code and user-facing message.
func New(code Code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Wrap returns an error with the given code and message that keeps err as its cause.
func Wrap(code Code, message string, err error) *Error {
	return &Error{Code: code, Message: message, Err: err}
}

// Validation returns an Invalid error listing each bad field.
func Validation(fields ...FieldError) *Error {
	return &Error{Code: Invalid, Message: "Los datos enviados no son válidos.", Fields: fields}
}

// CodeOf returns the code of the first *Error in err's chain, or Internal.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the first *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// WithFields returns a Validation error naming fields and, when err is one
// too, its fields; nil when there are none. Any other err is returned as
// it is: it says more than the fields.
func WithFields(fields []FieldError, err error) error {
	if err != nil {
		e, ok := As(err)
		if !ok || e.Code != Invalid {
			return err
		}
		fields = append(fields, e.Fields...)
	}
	if len(fields) == 0 {
		return nil
	}
	return Validation(fields...)
}

// NotFoundAs answers err as missing, in the words of missing, when it is
// any record not found: a record the caller may not reach and the record
// it hangs from then read the same. Any other err is returned as it is.
func NotFoundAs(missing *Error, err error) error {
	if CodeOf(err) == NotFound {
		return missing
	}
	return err
}
