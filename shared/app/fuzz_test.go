package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"shortlist/shared/app"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

// FuzzScoringHandler feeds the scoring function's handler arbitrary event payloads (the
// stream and the scheduler deliver JSON we do not control the shape of). Whatever the
// payload: no panic; a stream batch is answered with a partial-batch response whose
// failures name only records of that batch; a sweep answers its count; and the one real
// completed session is scored at most once, however often its marker is delivered.
// {{PENDING_SK}} in a payload is replaced with that session's real marker key, so the
// fuzzer mutates around a record that does reach the scorer.
//
//	go test -run='^$' -fuzz='^FuzzScoringHandler$' -fuzztime=30s ./shared/app
func FuzzScoringHandler(f *testing.F) {
	bt, err := bolt.Open(f.TempDir(), table.Shortlist(), bolt.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { bt.Close() })
	log := slog.New(slog.DiscardHandler)
	st, err := app.New(settings.Config{}, log, bt, nil)
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	org, _ := assess.NewOrganisation("Acme", time.Now())
	if err := st.Repo.CreateOrganisation(ctx, org); err != nil {
		f.Fatal(err)
	}
	svc := st.Deps.Journey
	a, err := svc.CreateAssessment(ctx, org.ID, assess.Spec{RoleID: "ecommerce-customer-support"})
	if err != nil {
		f.Fatal(err)
	}
	inv, err := svc.Invite(ctx, org.ID, a.ID, []assess.InviteInput{{Name: "Ana"}})
	if err != nil {
		f.Fatal(err)
	}
	ss, _, err := svc.Start(ctx, inv[0].Token, assess.Ack{Acknowledged: true, NoticeVersion: assess.NoticeVersion})
	if err != nil {
		f.Fatal(err)
	}
	for n := range ss.Sections {
		if ss, err = svc.StartSection(ctx, ss, a, n); err != nil {
			f.Fatal(err)
		}
		if ss, err = svc.FinishSection(ctx, ss, n); err != nil {
			f.Fatal(err)
		}
	}
	if ss, err = svc.Complete(ctx, ss); err != nil {
		f.Fatal(err)
	}
	// The marker's sort key, as shared/store lays it out (its doc: completedAt ns, 19
	// digits, then the session id); the stream delivers it in the record's Keys.
	pendingSK := fmt.Sprintf("%019d#%s", ss.CompletedAt.UnixNano(), ss.ID)

	h := app.ScoringHandler(st.Scorer, log)
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, p := range fixtures {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, seed := range []string{
		`{"Records":[{"eventName":"INSERT","dynamodb":{"Keys":{"pk":{"S":"PEND#scoring"},"sk":{"S":"{{PENDING_SK}}"}},"SequenceNumber":"1"}}]}`,
		`{"Records":[{"eventName":"INSERT","dynamodb":{"Keys":{"pk":{"N":"1"},"sk":{"B":"AAEC"}},"SequenceNumber":"2"}}]}`,
		`{"Records":[{"eventName":"REMOVE","dynamodb":{"Keys":{"pk":{"S":"PEND#scoring"},"sk":{"S":"1#"}}}}]}`,
		`{"Records":[{"eventName":"INSERT","dynamodb":{"Keys":{"pk":{"S":"PEND#scoring"},"sk":{"S":"x#../../etc"}},"SequenceNumber":"3"}}]}`,
		`{"Records":null}`, `{"Records":[null,{}]}`, `{"source":"aws.events","detail-type":"Scheduled Event"}`,
		`{"source":1}`, `[]`, `null`, `{`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		raw = bytes.ReplaceAll(raw, []byte("{{PENDING_SK}}"), []byte(pendingSK))
		out, err := h(ctx, raw)
		if err != nil {
			return // the invocation fails and Lambda retries the batch: allowed, not a crash
		}
		switch resp := out.(type) {
		case events.DynamoDBEventResponse:
			var ev events.DynamoDBEvent
			_ = json.Unmarshal(raw, &ev)
			seqs := map[string]bool{}
			for _, r := range ev.Records {
				seqs[r.Change.SequenceNumber] = true
			}
			for _, fail := range resp.BatchItemFailures {
				if !seqs[fail.ItemIdentifier] {
					t.Fatalf("a failure names %q, which is not a record of the batch", fail.ItemIdentifier)
				}
			}
		case map[string]int:
			if _, ok := resp["scored"]; !ok {
				t.Fatalf("a sweep answered %v", resp)
			}
		default:
			t.Fatalf("answered %T %v", out, out)
		}
		results, err := st.Repo.Results(ctx, org.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(results) > 1 {
			t.Fatalf("the one completed session has %d results", len(results))
		}
	})
}
