package authz

import (
	"slices"
	"testing"
)

func TestPermissions_AreExactlyThoseOfThePolicy(t *testing.T) {
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	rules, err := a.enforcer.GetPolicy()
	if err != nil {
		t.Fatal(err)
	}
	var inPolicy []Permission
	for _, rule := range rules {
		perm := Permission{rule[1], rule[2]}
		if !slices.Contains(Permissions, perm) {
			t.Errorf("policy.csv grants %s to %s, but authz has no constant for it", perm, rule[0])
		}
		inPolicy = append(inPolicy, perm)
	}
	seen := map[Permission]bool{}
	for _, perm := range Permissions {
		if !slices.Contains(inPolicy, perm) {
			t.Errorf("authz names %s, but policy.csv grants it to no role", perm)
		}
		if seen[perm] {
			t.Errorf("%s is listed twice in Permissions", perm)
		}
		seen[perm] = true
	}
}

func TestParsePermissions(t *testing.T) {
	got, ok := ParsePermissions("victimas:read|victimas:read_minimal")
	if !ok || !slices.Equal(got, []Permission{VictimasRead, VictimasReadMinimal}) {
		t.Errorf("ParsePermissions = %v, %v", got, ok)
	}
	for _, bad := range []string{"", "victimas", "victimas:leer", "victimas:read|", "public"} {
		if _, ok := ParsePermissions(bad); ok {
			t.Errorf("ParsePermissions(%q) accepted an unknown permission", bad)
		}
	}
}
