package bolt_test

import (
	"testing"
	"time"

	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, now func() time.Time) store.Table {
		return storetest.Embedded(t, bolt.Options{Now: now})
	})
}
