package store

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// The repository is the journey's port: this stops compiling the day they drift apart.
var (
	_ assess.Repo         = (*Repository)(nil)
	_ assess.OutreachRepo = (*Repository)(nil)
	_ assess.WebhookRepo  = (*Repository)(nil)
)

func TestBatchKeysSortBySequence(t *testing.T) {
	t.Parallel()
	seqs := []int{10, 2, 1, 100, 999_999_999, 11}
	var sks []string
	for _, s := range seqs {
		sks = append(sks, batchKey("s", s).SK)
	}
	sort.Strings(sks)
	want := []int{1, 2, 10, 11, 100, 999_999_999}
	for i, sk := range sks {
		if sk != batchKey("s", want[i]).SK {
			t.Fatalf("sorted keys %v: want sequence order %v", sks, want)
		}
	}
	// Time-ordered keys sort by time too (fixed width nanoseconds).
	a := auditKey("o", time.Unix(9, 0), "z").SK
	b := auditKey("o", time.Unix(10, 0), "a").SK
	if a >= b {
		t.Fatalf("audit keys out of time order: %q >= %q", a, b)
	}
}

func TestOKID(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]bool{assess.NewID(): true, "abc": true, "": false, "a#b": false, "a\x00": false} {
		if okID(id) != want {
			t.Errorf("okID(%q) = %v", id, !want)
		}
	}
}

// itemBytes approximates DynamoDB's item size: names plus values (numbers as their digits).
func itemBytes(it Item) int {
	n := 0
	for name, v := range it {
		n += len(name)
		switch x := v.(type) {
		case string:
			n += len(x)
		case []byte:
			n += len(x)
		case int64:
			n += len(fmt.Sprint(x))/2 + 1
		case bool:
			n++
		}
	}
	return n
}

// TestItemSizes guards the cost model without DynamoDB: an autosave of 10 answers and a
// five-section session each stay under 1 KB, so each write is one write unit.
func TestItemSizes(t *testing.T) {
	t.Parallel()
	now := time.Now()
	b := assess.AnswerBatch{SessionID: assess.NewID(), Seq: 12, Section: 4, ReceivedAt: now,
		Events: []assess.ClientEvent{{Type: "paste", Item: "customer-orientation-q59", AtMS: 1234567}}}
	for i := range 10 {
		b.Answers = append(b.Answers, assess.Answer{Item: fmt.Sprintf("customer-orientation-q%02d", i), Value: json.RawMessage(`"opt-2"`), MS: 123456})
	}
	bi, err := toBatchItem(b)
	if err != nil {
		t.Fatal(err)
	}
	s := assess.Session{ID: assess.NewID(), OrgID: assess.NewID(), AssessmentID: assess.NewID(), CandidateID: assess.NewID(),
		TokenHash: assess.HashToken("x"), Status: assess.SessionCompleted, ExtraTime: 1.25, Seed: 1 << 62,
		NoticeVersion: "2026-11", AcknowledgedAt: now, StartedAt: now, CompletedAt: now, ExpiresAt: now, Version: 11}
	for range 5 {
		s.Sections = append(s.Sections, assess.SectionState{StartedAt: now, Deadline: now, FinishedAt: now})
	}
	si, err := toSessionItem(s)
	if err != nil {
		t.Fatal(err)
	}
	for name, it := range map[string]Item{"batch of 10 answers": bi, "five-section session": si} {
		if n := itemBytes(it); n > 1024 {
			t.Errorf("%s: about %d bytes, want ≤ 1024 (one write unit)", name, n)
		} else {
			t.Logf("%s: about %d bytes", name, n)
		}
	}
}

// TestConvertersRoundTrip: every converter gives back what it was given.
func TestConvertersRoundTrip(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)
	sess := assess.Session{ID: "s1", OrgID: "o1", AssessmentID: "a1", CandidateID: "c1", TokenHash: "th",
		Status: assess.SessionActive, ExtraTime: 1.5, Seed: -5, NoticeVersion: "v", AcknowledgedAt: now,
		StartedAt: now, ExpiresAt: now.Add(time.Hour), Version: 3,
		Sections: []assess.SectionState{{StartedAt: now, Deadline: now.Add(time.Minute)}, {}}}
	cases := []struct {
		name string
		in   any
		to   func() (Item, error)
		from func(Item) (any, error)
	}{
		{"organisation", assess.Organisation{ID: "o1", Name: "Ñandú S.A.", CreatedAt: now, RetentionDays: 30},
			func() (Item, error) {
				return toOrgItem(assess.Organisation{ID: "o1", Name: "Ñandú S.A.", CreatedAt: now, RetentionDays: 30})
			},
			func(it Item) (any, error) { return fromOrgItem(it) }},
		{"session", sess, func() (Item, error) { return toSessionItem(sess) },
			func(it Item) (any, error) { return fromSessionItem(it) }},
		{"candidate", assess.Candidate{ID: "c1", OrgID: "o1", AssessmentID: "a1", TokenHash: "h", Name: "n", Email: "e",
			ExternalID: "x", ExtraTime: 2, CreatedAt: now, ExpiresAt: now},
			func() (Item, error) {
				return toCandidateItem(assess.Candidate{ID: "c1", OrgID: "o1", AssessmentID: "a1", TokenHash: "h", Name: "n",
					Email: "e", ExternalID: "x", ExtraTime: 2, CreatedAt: now, ExpiresAt: now})
			},
			func(it Item) (any, error) { return fromCandidateItem(it) }},
		{"audit", assess.AuditEvent{OrgID: "o1", ID: "e1", At: now, Actor: "a", Action: "b", Target: "c",
			Detail: map[string]string{"k": "v"}, RetainUntil: now.Add(time.Hour).Truncate(time.Second).Add(time.Second)},
			func() (Item, error) {
				return toAuditItem(assess.AuditEvent{OrgID: "o1", ID: "e1", At: now, Actor: "a", Action: "b", Target: "c",
					Detail: map[string]string{"k": "v"}, RetainUntil: now.Add(time.Hour)})
			},
			func(it Item) (any, error) { return fromAuditItem(it) }},
	}
	for _, tc := range cases {
		it, err := tc.to()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := CheckItem(table.Shortlist(), it); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got, err := tc.from(it)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.in) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.in)
		}
	}
}

// FuzzDecodeCursor: cursors come back from clients; decoding never panics and anything
// accepted re-encodes to a cursor that decodes the same.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(EncodeCursor(map[string]string{"pk": "A", "sk": "B"}))
	f.Add("")
	f.Add("eyJ4Ijoi")
	f.Add("!!!")
	f.Fuzz(func(t *testing.T, s string) {
		pos, err := DecodeCursor(s)
		if err != nil {
			if assess.CodeOf(err) != assess.Invalid {
				t.Fatalf("error %v is not Invalid", err)
			}
			return
		}
		again, err := DecodeCursor(EncodeCursor(pos))
		if err != nil || !reflect.DeepEqual(again, pos) {
			t.Fatalf("round trip of %v: %v %v", pos, again, err)
		}
		_, _, _ = QueryKeys(table.Shortlist(), Query{PK: "A", Cursor: s})
	})
}

// A removed report record names its files for deletion, but only files under its own
// organisation, and only a report record does.
func TestRemovedReportObjects(t *testing.T) {
	t.Parallel()
	recs := []assess.ReportRecord{
		{ID: "r1", OrgID: "o1", AssessmentID: "a1", Kind: "candidate", Format: "pdf", ObjectKey: "orgs/o1/assessments/a1/candidates/c1/report.pdf"},
		{ID: "r2", OrgID: "o1", AssessmentID: "a1", Kind: "feedback", Format: "pdf", ObjectKey: "orgs/o1/assessments/a1/candidates/c1/feedback.pdf"},
		{ID: "r3", OrgID: "o1", AssessmentID: "a1", Kind: "feedback", Format: "pdf", ObjectKey: "orgs/o2/assessments/a9/candidates/c9/report.pdf"},
	}
	it, err := toReportItem(recs)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := RemovedReportObjects(it.Str(table.PK), it.Str(table.SK), it.Bytes(attrDoc))
	want := []string{recs[0].ObjectKey, recs[1].ObjectKey}
	if !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("objects %v %v, want %v (never another organisation's)", got, ok, want)
	}
	if _, ok := RemovedReportObjects("SESS#s1", "BATCH#000000001", it.Bytes(attrDoc)); ok {
		t.Error("a removed answer batch named report files")
	}
	if _, ok := RemovedReportObjects(it.Str(table.PK), it.Str(table.SK), []byte("not json")); ok {
		t.Error("an unreadable doc named report files")
	}
}
