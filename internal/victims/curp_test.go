package victims

import (
	"strings"
	"testing"
)

// checkDigit computes the right last digit for a 17-character prefix.
func checkDigit(prefix string) string {
	sum := 0
	for i, r := range prefix {
		sum += len([]rune(curpAlphabet[:strings.IndexRune(curpAlphabet, r)])) * (18 - i)
	}
	return string(rune('0' + (10-sum%10)%10))
}

func TestValidCURP(t *testing.T) {
	t.Parallel()
	good := "GOMA900515MQRNRN0" + checkDigit("GOMA900515MQRNRN0")
	tests := []struct {
		curp string
		ok   bool
	}{
		{good, true},
		{"PEXJ850101HDFRXN0" + checkDigit("PEXJ850101HDFRXN0"), true},
		{good[:17] + string(rune('0'+(int(good[17]-'0')+1)%10)), false}, // wrong check digit
		{"GOMA901315MQRNRN05", false},                                   // month 13
		{"GOMA900515MZZNRN05", false},                                   // no state ZZ
		{"GOMA900515", false},
		{"", false},
		{strings.ToLower(good), false}, // callers normalize first
	}
	for _, tt := range tests {
		if got := ValidCURP(tt.curp); got != tt.ok {
			t.Errorf("ValidCURP(%q) = %v, want %v", tt.curp, got, tt.ok)
		}
	}
	if NormalizeCURP(" goma 900515mqrnrn0"+good[17:]+" ") != good {
		t.Error("NormalizeCURP does not upper-case and remove spaces")
	}
}

// Examples published with other CURP validators, and their neighbours
// with a wrong check digit.
func TestValidCURP_PublishedExamples(t *testing.T) {
	t.Parallel()
	for _, c := range []string{"HEGG560427MVZRRL04", "BOXW310820HNERXN09", "MAAR790213HMNRLF03"} {
		if !ValidCURP(c) {
			t.Errorf("%s refused", c)
		}
		if ValidCURP(c[:17] + string(rune('0'+(int(c[17]-'0')+1)%10))) {
			t.Errorf("%s with another check digit accepted", c)
		}
	}
}

func FuzzValidCURP(f *testing.F) {
	f.Add("HEGG560427MVZRRL04")
	f.Add("GOMA900515MQRNRN0Ñ")
	f.Add("ÑÑÑÑ000000HQRÑÑÑ00")
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeCURP(s)
		if ValidCURP(n) {
			if len(n) != 18 || n != strings.ToUpper(n) {
				t.Fatalf("accepted %q", n)
			}
			// Changing the check digit must make it invalid.
			other := n[:17] + string(rune('0'+(int(n[17]-'0')+1)%10))
			if ValidCURP(other) {
				t.Fatalf("two check digits accepted for %q", n[:17])
			}
		}
	})
}
