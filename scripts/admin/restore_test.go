package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

// TestRestoreFrom: after a point-in-time restore into a new table, restore-from brings
// the restored items back into the live table (a deleted organisation returns), keeps
// items written since the restore point, and refuses to copy a table onto itself.
func TestRestoreFrom(t *testing.T) {
	endpoint := os.Getenv(dynamo.EnvEndpoint)
	if endpoint == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set in CI: ./scripts/test starts DynamoDB Local", dynamo.EnvEndpoint)
		}
		t.Skipf("DynamoDB Local is not running (%s is not set)", dynamo.EnvEndpoint)
	}
	ctx := context.Background()
	client, err := dynamo.NewClient(ctx, func(k string) string { return map[string]string{dynamo.EnvEndpoint: endpoint}[k] }, dynamo.ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	newTable := func() (string, *store.Repository) {
		b := make([]byte, 6)
		rand.Read(b)
		name := "shortlist-restore-test-" + hex.EncodeToString(b)
		def := table.Shortlist()
		def.DeletionProtection = false
		if err := dynamo.CreateTable(ctx, client, name, def); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = dynamo.DeleteTable(context.Background(), client, name) })
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
