package dynamo

import (
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Meter adds up the capacity units DynamoDB reports per call (ReturnConsumedCapacity
// INDEXES: table and index units together). It turns the cost model of docs/storage.md
// into a measurement. The zero value is ready; a nil *Meter records nothing.
type Meter struct {
	mu  sync.Mutex
	ops map[string]Usage
}

// Usage is what a kind of call consumed.
type Usage struct {
	Calls      int
	ReadUnits  float64
	WriteUnits float64
	IndexUnits float64 // part of ReadUnits/WriteUnits spent on global secondary indexes
}

func (m *Meter) addOne(op string, write bool, cc *types.ConsumedCapacity) {
	if cc == nil {
		m.add(op, write)
		return
	}
	m.add(op, write, *cc)
}

func (m *Meter) add(op string, write bool, ccs ...types.ConsumedCapacity) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ops == nil {
		m.ops = map[string]Usage{}
	}
	u := m.ops[op]
	u.Calls++
	for _, cc := range ccs {
		units := deref64(cc.CapacityUnits)
		if write {
			u.WriteUnits += units
		} else {
			u.ReadUnits += units
		}
		for _, ix := range cc.GlobalSecondaryIndexes {
			u.IndexUnits += deref64(ix.CapacityUnits)
		}
	}
	m.ops[op] = u
}

// Total sums every kind of call.
func (m *Meter) Total() Usage {
	var t Usage
	for _, u := range m.ByOp() {
		t.Calls += u.Calls
		t.ReadUnits += u.ReadUnits
		t.WriteUnits += u.WriteUnits
		t.IndexUnits += u.IndexUnits
	}
	return t
}

// ByOp returns a copy of the usage per kind of call (GetItem, PutItem, ...).
func (m *Meter) ByOp() map[string]Usage {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]Usage, len(m.ops))
	for k, v := range m.ops {
		out[k] = v
	}
	return out
}

// Ops lists the kinds of call seen, sorted.
func (m *Meter) Ops() []string {
	byOp := m.ByOp()
	out := make([]string, 0, len(byOp))
	for k := range byOp {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Reset forgets everything recorded so far.
func (m *Meter) Reset() {
	m.mu.Lock()
	m.ops = nil
	m.mu.Unlock()
}

func deref64(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}
