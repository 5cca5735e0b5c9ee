package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// SnapshotSource returns the stored bytes of an instrument version that this build's
// content no longer has (shared/store keeps one copy of every version an assessment was
// built from).
type SnapshotSource func(id, hash string) ([]byte, error)

// snapshots resolves instrument versions other than the embedded ones. Versions never
// change, so what was parsed once is kept for the life of the process.
type snapshots struct {
	source SnapshotSource
	cache  sync.Map // id+"@"+hash → *Instrument
}

// SetSnapshots lets InstrumentAt reach instrument versions that later content replaced.
func (c *Catalog) SetSnapshots(src SnapshotSource) { c.snap.source = src }

// InstrumentAt returns the exact version hash of instrument id: the embedded one when it
// is that version, else the stored snapshot. A running assessment is always scored and
// shown with the items it was built from, whatever the content has become since.
//
// A hash with an industry (a selection made by ForIndustry) resolves to that selection of
// the base version.
func (c *Catalog) InstrumentAt(id, hash string) (*Instrument, error) {
	if in, ok := c.instruments[id]; ok && in.Hash == hash {
		return in, nil
	}
	if strings.Contains(hash, variantSep) {
		return c.variantAt(id, hash)
	}
	key := id + "@" + hash
	if v, ok := c.snap.cache.Load(key); ok {
		return v.(*Instrument), nil
	}
	if c.snap.source == nil {
		return nil, fmt.Errorf("instrument %s version %s is not in this build's content and no snapshot store is set", id, hash)
	}
	raw, err := c.snap.source(id, hash)
	if err != nil {
		return nil, fmt.Errorf("instrument %s version %s: %w", id, hash, err)
	}
	in, err := ParseInstrument(raw)
	if err != nil {
		return nil, err
	}
	if in.ID != id || in.Hash != hash {
		return nil, fmt.Errorf("snapshot of %s@%s holds %s@%s", id, hash, in.ID, in.Hash)
	}
	c.snap.cache.Store(key, in)
	return in, nil
}

// ParseInstrument reads one instrument file's bytes (as Load does, strictly) and stamps
// its version hash. The bytes are kept in Raw so the version can be stored as a snapshot.
func ParseInstrument(raw []byte) (*Instrument, error) {
	var in Instrument
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("instrument snapshot: %w", err)
	}
	in.Hash, in.Raw = fileHash(raw), raw
	return &in, nil
}
