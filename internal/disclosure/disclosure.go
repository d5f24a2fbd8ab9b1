// Package disclosure protects published counts from revealing small groups
// of people: statistical disclosure control by cell suppression, over
// everything a reader can obtain at once (a release), however its tables
// are linked.
//
// A cell counting 1 to k−1 is hidden. Then, for each such cell, Protect
// builds two other datasets a reader cannot tell from the true one: one
// where the cell is empty and one where it holds k or more. Each is the
// true dataset with a few records given other attributes (another sex,
// another quarter, another institution…), and every cell such a change
// touches is hidden too. Whatever the reader combines, sums across tables,
// quarters against their year, zeros, the bounds counts keep, those
// datasets fit all that is published: the reader's interval for the cell
// runs at least from 0 to k. Where no such change exists, every cell the
// cell's records count in is hidden, so nothing published bounds them.
package disclosure

import (
	"errors"
	"fmt"
	"slices"
)

// Cell is one figure a reader can obtain.
type Cell struct {
	// Table, Period, Row and Col name the figure: Protect uses them only to
	// find records that could move into the cell (those of its row or
	// column, or of the same figure in another period).
	Table, Period, Row, Col string
	// Total is true for a row, column or grand total.
	Total bool
	// Public is true for a figure about no person, such as the people an
	// activity reached: never withheld for its size.
	Public bool
	// Value is the true figure.
	Value int
}

// Record is one unit the release counts: a víctima with her services, an
// activity, a carpeta…
type Record interface {
	// Count tells add what the record adds to each cell, by index into the
	// release's cells. A cell index below 0 is a figure the release does
	// not publish (a row it does not have), where the record may not go.
	Count(add func(cell, n int))
	// Steer lists records it could have been instead, each differing in
	// one attribute (its period among them), that would count in cell c
	// (toward) or less in it (away).
	Steer(c Cell, toward bool) []Record
}

// Changer is a Record that tells what turning it into one of its variants
// changes at less cost than counting both whole, which is most of the
// search's work.
type Changer interface {
	Record
	// CountChange tells add what turning the record into v, a record its
	// Steer returned, changes: v's shares less its own, in at least every
	// cell where they differ (by index, as Count tells them).
	CountChange(v Record, add func(cell, n int))
}

// Release is everything a reader can obtain at once.
type Release struct {
	Cells   []Cell
	Records []Record
}

// candidates bounds the records tried as sources when filling a cell up.
const candidates = 48

// ErrInconsistent reports records that do not add up to the cells: the
// release cannot be protected and must not be published.
var ErrInconsistent = errors.New("disclosure: the records do not add up to the published figures")

// Protect returns which cells of rel to hide so that no cell counting 1 to
// k−1 can be narrowed by a reader to less than 0…k. Cells already hidden
// (hidden may be nil) stay hidden: a view for a larger k starts from the
// smaller k's, so that holding both reveals nothing more.
func Protect(rel Release, k int, hidden []bool) ([]bool, error) {
	p := &protection{rel: rel, k: k, hidden: make([]bool, len(rel.Cells)), member: map[int][]int{}, cache: map[int][]share{},
		scratch: make([]int, len(rel.Cells))}
	copy(p.hidden, hidden)
	if err := p.survey(); err != nil {
		return nil, err
	}
	for _, h := range p.primaries {
		if !p.certify(h, p.emptying(h)) || !p.certify(h, p.filling(h)) {
			p.isolate(h)
		}
	}
	return p.hidden, nil
}

type protection struct {
	rel       Release
	k         int
	hidden    []bool
	primaries []int
	// member lists, for each cell of interest, records that count in it.
	member map[int][]int
	// neighbours lists, for each primary cell, the cells whose records
	// could move into it.
	neighbours map[int][]int
	// cache holds what the records tried so far add to each cell.
	cache map[int][]share
	// scratch and touched add up a move's changes, cell by cell.
	scratch []int
	touched []int
}

// survey checks the records against the cells, hides the cells of 1 to
// k−1 and finds the records behind them and their neighbours.
func (p *protection) survey() error {
	cells := p.rel.Cells
	for i, c := range cells {
		if !c.Public && c.Value > 0 && c.Value < p.k {
			p.hidden[i] = true
			p.primaries = append(p.primaries, i)
		}
	}
	slices.SortStableFunc(p.primaries, func(a, b int) int { return cells[a].Value - cells[b].Value })
	// Records that could move into a cell are those of its row and of its
	// column (totals included), and those of the same figure in another
	// period.
	type figure struct{ table, period, row, col string }
	byRow, byCol, byFigure := map[figure][]int{}, map[figure][]int{}, map[figure][]int{}
	for i, c := range cells {
		byRow[figure{c.Table, c.Period, c.Row, ""}] = append(byRow[figure{c.Table, c.Period, c.Row, ""}], i)
		byCol[figure{c.Table, c.Period, "", c.Col}] = append(byCol[figure{c.Table, c.Period, "", c.Col}], i)
		byFigure[figure{c.Table, "", c.Row, c.Col}] = append(byFigure[figure{c.Table, "", c.Row, c.Col}], i)
	}
	p.neighbours = map[int][]int{}
	interest := map[int]bool{}
	for _, h := range p.primaries {
		c := cells[h]
		interest[h] = true
		for _, group := range [][]int{byRow[figure{c.Table, c.Period, c.Row, ""}], byCol[figure{c.Table, c.Period, "", c.Col}],
			byFigure[figure{c.Table, "", c.Row, c.Col}]} {
			for _, n := range group {
				if n != h && !slices.Contains(p.neighbours[h], n) {
					p.neighbours[h] = append(p.neighbours[h], n)
					interest[n] = true
				}
			}
		}
		// Hidden cells first, whose records move unseen, then inner cells
		// before totals.
		rank := func(c int) int {
			r := 0
			if !p.hidden[c] {
				r += 2
			}
			if cells[c].Total {
				r++
			}
			return r
		}
		slices.SortStableFunc(p.neighbours[h], func(a, b int) int { return rank(a) - rank(b) })
	}
	sums := make([]int, len(cells))
	outside := false
	for r, rec := range p.rel.Records {
		rec.Count(func(cell, n int) {
			if cell < 0 {
				outside = outside || n != 0
				return
			}
			sums[cell] += n
			if n > 0 && interest[cell] && len(p.member[cell]) < 4*candidates {
				if m := p.member[cell]; len(m) == 0 || m[len(m)-1] != r {
					p.member[cell] = append(m, r)
				}
			}
		})
	}
	if outside {
		return fmt.Errorf("%w: a record counts in a figure the release does not have", ErrInconsistent)
	}
	for i, c := range cells {
		if sums[i] != c.Value {
			return fmt.Errorf("%w: %s %s row %s column %s", ErrInconsistent, c.Table, c.Period, c.Row, c.Col)
		}
	}
	return nil
}

// change is another dataset, told by how each cell differs from the true
// one and by the records it changed, in their new attributes.
type change struct {
	delta  map[int]int
	became map[int]Record
}

func newChange() *change { return &change{delta: map[int]int{}, became: map[int]Record{}} }

// move is one record given another of its variants.
type move struct {
	record int
	to     Record
	delta  []share
}

// share is what a record adds to one cell.
type share struct{ cell, n int }

func shares(r Record) []share {
	var out []share
	r.Count(func(cell, n int) {
		if cell >= 0 && n != 0 {
			out = append(out, share{cell, n})
		}
	})
	return out
}

// current is record r as it is in the change's dataset.
func (p *protection) current(ch *change, r int) Record {
	if v, ok := ch.became[r]; ok {
		return v
	}
	return p.rel.Records[r]
}

// sharesOf is what record r adds to each cell in the change's dataset.
func (p *protection) sharesOf(ch *change, r int) []share {
	if v, ok := ch.became[r]; ok {
		return shares(v)
	}
	if _, ok := p.cache[r]; !ok {
		p.cache[r] = shares(p.rel.Records[r])
	}
	return p.cache[r]
}

// diff is what turning record r of the change's dataset into to changes,
// or false when to would count in a figure the release does not have.
func (p *protection) diff(ch *change, r int, to Record) ([]share, bool) {
	ok := true
	touch := func(cell, n int) {
		if p.scratch[cell] == 0 {
			p.touched = append(p.touched, cell)
		}
		p.scratch[cell] += n
	}
	counted := func(cell, n int) {
		if cell < 0 {
			ok = ok && n == 0
		} else if n != 0 {
			touch(cell, n)
		}
	}
	// The record's own shares are all in figures of the release: the
	// survey checked the true records, and a variant is taken only when ok.
	if from, isChanger := p.current(ch, r).(Changer); isChanger {
		from.CountChange(to, counted)
	} else {
		to.Count(counted)
		for _, s := range p.sharesOf(ch, r) {
			touch(s.cell, -s.n)
		}
	}
	d := make([]share, 0, len(p.touched))
	for _, c := range p.touched {
		if p.scratch[c] != 0 {
			d = append(d, share{c, p.scratch[c]})
			p.scratch[c] = 0
		}
	}
	p.touched = p.touched[:0]
	return d, ok
}

// cost is how many published figures a move would alter that the change
// leaves as they are.
func (p *protection) cost(ch *change, d []share) int {
	n := 0
	for _, x := range d {
		if !p.hidden[x.cell] && ch.delta[x.cell] == 0 {
			n++
		}
	}
	return n
}

// best picks, among the variants of the records given, the move that
// shifts cell h the way want says (+1 up, −1 down) at the least cost, or
// false.
func (p *protection) best(ch *change, h int, records []int, want int) (move, bool) {
	var found move
	bestCost, bestShift := -1, 0
	for _, r := range records {
		for _, v := range p.current(ch, r).Steer(p.rel.Cells[h], want > 0) {
			d, ok := p.diff(ch, r, v)
			shift := 0
			for _, x := range d {
				if x.cell == h {
					shift = x.n * want
				}
			}
			if !ok || shift <= 0 {
				continue
			}
			c := p.cost(ch, d)
			if bestCost < 0 || c < bestCost || (c == bestCost && shift > bestShift) {
				found, bestCost, bestShift = move{r, v, d}, c, shift
			}
		}
	}
	return found, bestCost >= 0
}

// steps bounds the moves of one change.
const steps = 64

// emptying returns a change that takes cell h to 0, or nil.
func (p *protection) emptying(h int) *change {
	ch := newChange()
	for i := 0; p.rel.Cells[h].Value+ch.delta[h] > 0; i++ {
		m, ok := p.best(ch, h, p.member[h], -1)
		if !ok || i == steps {
			return nil
		}
		ch.apply(m)
	}
	return ch
}

// filling returns a change that takes cell h to k or more, or nil.
func (p *protection) filling(h int) *change {
	ch := newChange()
	sources := slices.Clone(p.member[h])
	for _, n := range p.neighbours[h] {
		for _, r := range p.member[n] {
			if len(sources) < candidates && !slices.Contains(sources, r) {
				sources = append(sources, r)
			}
		}
	}
	for i := 0; p.rel.Cells[h].Value+ch.delta[h] < p.k; i++ {
		m, ok := p.best(ch, h, sources, +1)
		if !ok || i == steps {
			return nil
		}
		ch.apply(m)
	}
	return ch
}

func (ch *change) apply(m move) {
	for _, x := range m.delta {
		ch.delta[x.cell] += x.n
	}
	ch.became[m.record] = m.to
}

// certify hides every figure the change alters, and reports whether there
// was a change.
func (p *protection) certify(h int, ch *change) bool {
	if ch == nil {
		return false
	}
	for c, x := range ch.delta {
		if x != 0 {
			p.hidden[c] = true
		}
	}
	return true
}

// isolate hides every figure the records of cell h count in, so that
// nothing published bounds them.
func (p *protection) isolate(h int) {
	for _, r := range p.member[h] {
		p.rel.Records[r].Count(func(cell, n int) {
			if cell >= 0 && n != 0 {
				p.hidden[cell] = true
			}
		})
	}
}
