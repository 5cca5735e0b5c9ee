package bolt_test

import (
	"testing"
	"time"

	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/storetest"
	"shortlist/shared/store/table"
)

func open(t *testing.T, now func() time.Time) store.Table {
	tb, err := bolt.Open(t.TempDir(), table.Shortlist(), bolt.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tb.Close() })
	return tb
}

func TestConformance(t *testing.T) { storetest.Run(t, open) }
