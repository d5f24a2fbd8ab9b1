package reports_test

import (
	"encoding/binary"
	"fmt"
	"slices"

	"sintra/internal/disclosure"
)

// recordType is a kind of record, told by what it adds to each figure,
// with how many records of the true dataset are of it.
type recordType struct {
	adds  []contribution
	count int
	// record is a record of the type, to steer.
	record disclosure.Record
}

// contribution is what a record adds to one figure.
type contribution struct{ cell, n int }

// contributions is what a record adds to each figure, by figure, or false
// when it counts in a figure the release does not have (where Protect
// never moves a record either).
func contributions(r disclosure.Record) ([]contribution, bool) {
	var packed []uint64
	ok := true
	r.Count(func(cell, n int) {
		switch {
		case cell < 0:
			ok = ok && n == 0
		case n != 0:
			packed = append(packed, uint64(cell)<<32|uint64(uint32(n)))
		}
	})
	slices.Sort(packed)
	var out []contribution
	for _, p := range packed {
		c := contribution{int(p >> 32), int(int32(uint32(p)))}
		if len(out) > 0 && out[len(out)-1].cell == c.cell {
			out[len(out)-1].n += c.n
		} else {
			out = append(out, c)
		}
	}
	return out, ok
}

// adds is what a list of contributions adds to a figure.
func adds(list []contribution, cell int) int {
	if i, ok := slices.BinarySearchFunc(list, cell, func(c contribution, cell int) int { return c.cell - cell }); ok {
		return list[i].n
	}
	return 0
}

func typeKey(list []contribution) string {
	var b []byte
	for _, c := range list {
		b = binary.AppendUvarint(b, uint64(c.cell))
		b = binary.AppendVarint(b, int64(c.n))
	}
	return string(b)
}

// recordTypes lists the types of the release's records, and every type a
// record reaches by one or two moves toward or away from a count of 1 to
// k−1, as Protect moves them: each of its alternatives for a count steers
// records for that count only, toward it when filling and away when
// emptying, any record toward it and only its own records away.
func recordTypes(rel disclosure.Release, k int) []recordType {
	var types []recordType
	byKey := map[string]int{}
	add := func(r disclosure.Record, list []contribution, n int) int {
		key := typeKey(list)
		i, ok := byKey[key]
		if !ok {
			i = len(types)
			byKey[key] = i
			types = append(types, recordType{adds: list, record: r})
		}
		types[i].count += n
		return i
	}
	for _, r := range rel.Records {
		list, _ := contributions(r)
		add(r, list, 1)
	}
	original := len(types)
	// The same move comes up for many counts: what a record adds is
	// computed once.
	type added struct {
		list []contribution
		ok   bool
	}
	memo := map[string]added{}
	contributionsOf := func(v disclosure.Record) ([]contribution, bool) {
		id := fmt.Sprintf("%T%v", v, v)
		a, ok := memo[id]
		if !ok {
			a.list, a.ok = contributions(v)
			memo[id] = a
		}
		return a.list, a.ok
	}
	for h, c := range rel.Cells {
		if c.Value < 1 || c.Value >= k {
			continue
		}
		for _, toward := range []bool{false, true} {
			var frontier []int
			for i := range original {
				if toward || adds(types[i].adds, h) > 0 {
					frontier = append(frontier, i)
				}
			}
			for range 2 {
				var next []int
				reached := map[int]bool{}
				for _, i := range frontier {
					from := adds(types[i].adds, h)
					for _, v := range types[i].record.Steer(c, toward) {
						list, ok := contributionsOf(v)
						if shift := adds(list, h) - from; !ok || shift == 0 || (shift > 0) != toward {
							continue
						}
						if j := add(v, list, 0); !reached[j] {
							reached[j] = true
							next = append(next, j)
						}
					}
				}
				frontier = next
			}
		}
	}
	return types
}
