package dynamo_test

import (
	"testing"
	"time"

	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/dynamo/dynamotest"
	"shortlist/shared/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	client := dynamotest.Client(t, dynamotest.Endpoint(t))
	storetest.Run(t, func(t *testing.T, now func() time.Time) store.Table {
		return dynamotest.Open(t, client, dynamo.Options{Now: now})
	})
}
