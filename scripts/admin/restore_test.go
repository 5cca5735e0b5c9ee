package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/dynamo/dynamotest"
	"shortlist/shared/store/table"
)

// TestRestoreFrom: after a point-in-time restore into a new table, restore-from brings
// the restored items back into the live table (a deleted organisation returns), keeps
// items written since the restore point, and refuses to copy a table onto itself.
func TestRestoreFrom(t *testing.T) {
	endpoint := dynamotest.Endpoint(t)
	client := dynamotest.Client(t, endpoint)
	ctx := context.Background()
	newTable := func() (string, *store.Repository) {
		name := dynamotest.Table(t, client)
		return name, store.New(dynamo.New(client, name, table.Shortlist(), dynamo.Options{}))
	}
	restored, fromRepo := newTable()
	live, liveRepo := newTable()

	now := time.Now()
	var lost []assess.Organisation
	for i := range 60 { // more than one BatchWriteItem
		o, err := assess.NewOrganisation("Org "+string(rune('A'+i%26)), now)
		if err != nil {
			t.Fatal(err)
		}
		if err := fromRepo.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
		lost = append(lost, o)
	}
	since, _ := assess.NewOrganisation("Written after the restore point", now)
	if err := liveRepo.CreateOrganisation(ctx, since); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	if err := restoreFrom(ctx, client, restored, live, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "copied 60 items from "+restored) {
		t.Errorf("output %q", out.String())
	}
	for _, o := range append(lost, since) {
		got, err := liveRepo.Organisation(ctx, o.ID)
		if err != nil || got.Name != o.Name {
			t.Fatalf("organisation %s in the live table: %+v, %v", o.ID, got, err)
		}
	}
	if err := restoreFrom(ctx, client, live, live, &out); err == nil {
		t.Error("copying a table onto itself: no error")
	}
	if err := restoreFrom(ctx, client, "no-such-table", live, &out); err == nil || !strings.Contains(err.Error(), "no-such-table") {
		t.Errorf("a missing source: %v", err)
	}
}
