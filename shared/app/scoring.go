package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/table"
)

// SweepMinAge is how long a completion waits for its stream trigger before the
// scheduled sweep scores it instead.
const SweepMinAge = 2 * time.Minute

// markerFirstWaits are the pauses before scoring a session again that its marker's
// record found still active (see ScoringHandler).
var markerFirstWaits = []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}

// ScoringHandler is the scoring function's Lambda handler. It takes two events:
//   - a DynamoDB stream batch: each new pending-scoring marker (written with a session's
//     completion) is scored; failures are reported per record (partial batch response),
//     so only they are retried and, after the retries, sent to the on-failure queue;
//   - a scheduled EventBridge event: a sweep scores pending sessions whose trigger was
//     missed, so a completed session cannot stay unscored.
func ScoringHandler(scorer *assess.Scorer, log *slog.Logger) func(context.Context, json.RawMessage) (any, error) {
	score := func(ctx context.Context, sid string) error {
		wrote, err := scorer.Score(ctx, sid)
		// Completion writes the marker before the session (shared/store), so the stream can
		// hand the marker over a moment before the session says completed: wait a little
		// before reporting the record failed (and retried).
		for _, wait := range markerFirstWaits {
			if assess.CodeOf(err) != assess.Conflict {
				break
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
			wrote, err = scorer.Score(ctx, sid)
		}
		if err == nil {
			log.InfoContext(ctx, "scored", slog.String("session", sid), slog.Bool("new", wrote))
		}
		return err
	}
	sweep := func(ctx context.Context) (any, error) {
		n, err := scorer.Sweep(ctx, SweepMinAge)
		// backlog counts work the stream trigger missed; infra alarms on it (> 0).
		log.InfoContext(ctx, "scoring sweep", slog.Int("scored", n), slog.Int("backlog", n), slog.Any("error", err))
		return map[string]int{"scored": n}, err
	}
	match := func(r StreamRecord) (string, bool) {
		if r.Event != "INSERT" {
			return "", false
		}
		return store.PendingSessionID(r.PK, r.SK)
	}
	return StreamHandler(match, score, sweep, log)
}

// StreamRecord is what a stream handler's match sees of one record: the event (INSERT,
// MODIFY or REMOVE), the item's keys, the status attribute of its new and old images
// (a session's completion is a MODIFY from active to completed), and for a removal the
// old image's doc attribute (the table's stream carries old images for that).
type StreamRecord struct {
	Event                string
	PK, SK               string
	NewStatus, OldStatus string
	OldDoc               []byte
}

// StreamHandler runs act for every record that match recognises in a DynamoDB stream
// batch, reporting failed records by sequence number; a scheduled event runs scheduled
// (when given).
func StreamHandler(match func(StreamRecord) (string, bool), act func(context.Context, string) error,
	scheduled func(context.Context) (any, error), log *slog.Logger) func(context.Context, json.RawMessage) (any, error) {
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		var probe struct {
			Source string `json:"source"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, fmt.Errorf("unreadable event: %w", err)
		}
		if probe.Source == "aws.events" {
			if scheduled == nil {
				return nil, fmt.Errorf("this function takes no scheduled events")
			}
			return scheduled(ctx)
		}
		var ev events.DynamoDBEvent
		if err := json.Unmarshal(raw, &ev); err != nil {
			return nil, fmt.Errorf("unreadable stream event: %w", err)
		}
		resp := events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{}}
		for _, rec := range ev.Records {
			r := StreamRecord{Event: rec.EventName, PK: keyString(rec.Change.Keys, table.PK), SK: keyString(rec.Change.Keys, table.SK),
				NewStatus: keyString(rec.Change.NewImage, store.StatusAttribute), OldStatus: keyString(rec.Change.OldImage, store.StatusAttribute)}
			if v, ok := rec.Change.OldImage[store.DocAttribute]; ok && v.DataType() == events.DataTypeBinary {
				r.OldDoc = v.Binary()
			}
			id, ok := match(r)
			if !ok {
				continue
			}
			if err := act(ctx, id); err != nil {
				log.ErrorContext(ctx, "stream record failed", slog.String("id", id), slog.String("error", err.Error()))
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: rec.Change.SequenceNumber})
			}
		}
		return resp, nil
	}
}

// StreamInserts lists, for a stream event, the ids that match names in its INSERT
// records (nothing for other events).
func StreamInserts(raw json.RawMessage, match func(pk, sk string) (string, bool)) []string {
	var ev events.DynamoDBEvent
	if json.Unmarshal(raw, &ev) != nil {
		return nil
	}
	var out []string
	for _, rec := range ev.Records {
		if rec.EventName != "INSERT" {
			continue
		}
		if id, ok := match(keyString(rec.Change.Keys, table.PK), keyString(rec.Change.Keys, table.SK)); ok {
			out = append(out, id)
		}
	}
	return out
}

func keyString(keys map[string]events.DynamoDBAttributeValue, name string) string {
	v, ok := keys[name]
	if !ok || v.DataType() != events.DataTypeString {
		return ""
	}
	return v.String()
}
