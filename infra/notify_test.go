package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/table"
)

// filterMatches applies one Lambda event-filter pattern of the shapes infra uses (event
// names; key and status values, exact or by prefix) to a stream record.
func filterMatches(t *testing.T, pattern string, event, pk, sk, newStatus, oldStatus string) bool {
	t.Helper()
	var f struct {
		EventName []string
		Dynamodb  map[string]map[string]map[string][]any
	}
	if err := json.Unmarshal([]byte(pattern), &f); err != nil {
		t.Fatal(err)
	}
	anyOf := func(values []any, got string) bool {
		for _, v := range values {
			switch v := v.(type) {
			case string:
				if v == got {
					return true
				}
			case map[string]any:
				if p, ok := v["prefix"].(string); ok && strings.HasPrefix(got, p) {
					return true
				}
			}
		}
		return false
	}
	if len(f.EventName) > 0 && !anyOf(toAny(f.EventName), event) {
		return false
	}
	got := map[string]map[string]string{
		"Keys":     {table.PK: pk, table.SK: sk},
		"NewImage": {"status": newStatus},
		"OldImage": {"status": oldStatus},
	}
	for part, attrs := range f.Dynamodb {
		for attr, typed := range attrs {
			if !anyOf(typed["S"], got[part][attr]) {
				return false
			}
		}
	}
	return true
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// TestNotifyFiltersMatchTheStore: every record the notify function acts on
// (store.NotifyRecord) passes its stream filters, and the records it must not see (a
// session's other changes, a result's removal, the scoring marker) do not.
func TestNotifyFiltersMatchTheStore(t *testing.T) {
	t.Parallel()
	filters := functions["notify"].Stream.Filters
	org, asmt, cid := assess.NewID(), assess.NewID(), assess.NewID()
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	var recs [][5]string
	for _, m := range []assess.Mail{
		{Kind: assess.MailInvitation, CandidateID: cid, CreatedAt: at},
		{Kind: assess.MailReminder, CandidateID: cid, Step: 3},
		{Kind: assess.MailFeedback, CandidateID: cid},
		{Kind: assess.MailCompletion, CandidateID: cid, UserID: "u-1"},
		{Kind: assess.MailDigest, AssessmentID: asmt, UserID: "u-1", Since: at},
	} {
		ref, err := store.MailRef(m)
		if err != nil {
			t.Fatal(err)
		}
		pk, sk, _ := strings.Cut(ref, "|")
		recs = append(recs, [5]string{"INSERT", pk, sk})
	}
	recs = append(recs,
		[5]string{"MODIFY", "SESS#" + cid, "SESS", "completed", "active"},
		[5]string{"INSERT", "SESS#" + cid, "RESULT"},
		[5]string{"INSERT", "ORG#" + org, "REP#" + asmt + "#" + assess.NewID()},
		[5]string{"INSERT", "CAND#" + cid, fmt.Sprintf("DEC#%019d", at.UnixNano())},
		[5]string{"INSERT", "WHD#" + org + "#" + assess.NewID(), fmt.Sprintf("%012x", at.UnixMilli()) + assess.NewID()[:20]},
	)
	for _, r := range recs {
		if _, ok := store.NotifyRecord(r[0], r[1], r[2], r[3], r[4]); !ok {
			t.Errorf("store.NotifyRecord does not take %v", r)
		}
		matched := false
		for _, f := range filters {
			matched = matched || filterMatches(t, f, r[0], r[1], r[2], r[3], r[4])
		}
		if !matched {
			t.Errorf("no notify filter passes %v", r)
		}
	}
	for _, r := range [][5]string{
		{"MODIFY", "SESS#" + cid, "SESS", "scored", "completed"},
		{"MODIFY", "SESS#" + cid, "SESS", "active", "active"},
		{"REMOVE", "SESS#" + cid, "RESULT"},
		{"INSERT", "PEND#scoring", fmt.Sprintf("%019d#%s", at.UnixNano(), cid)},
		{"MODIFY", "CAND#" + cid, "MAIL#feedback", "sent", "sending"},
	} {
		for _, f := range filters {
			if filterMatches(t, f, r[0], r[1], r[2], r[3], r[4]) {
				t.Errorf("filter %s passes %v", f, r)
			}
		}
		if _, ok := store.NotifyRecord(r[0], r[1], r[2], r[3], r[4]); ok {
			t.Errorf("store.NotifyRecord takes %v", r)
		}
	}
}
