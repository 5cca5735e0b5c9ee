package store

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/scoring"
)

// loadItem reads an item saved as JSON in DynamoDB's attribute notation ({"S": string},
// {"B": base64 bytes}, {"N": integer}).
func loadItem(t *testing.T, path string) Item {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]struct {
		S *string
		B []byte
		N *string
	}
	if err := json.Unmarshal(raw, &attrs); err != nil {
		t.Fatal(err)
	}
	it := Item{}
	for name, v := range attrs {
		switch {
		case v.S != nil:
			it[name] = *v.S
		case v.B != nil:
			it[name] = v.B
		case v.N != nil:
			n, err := strconv.ParseInt(*v.N, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			it[name] = n
		default:
			t.Fatalf("%s: attribute %s has no value", path, name)
		}
	}
	return it
}

// docVersion is the format version a result item says it is in.
func docVersion(t *testing.T, it Item) int {
	t.Helper()
	var d resultDoc
	if err := readDoc(it, &d); err != nil {
		t.Fatal(err)
	}
	return d.Version
}

// TestResultVersion1 reads a result written by the build before the versioned document
// (testdata/result-v1.json, the item exactly as it was stored) and finds what was scored.
func TestResultVersion1(t *testing.T) {
	t.Parallel()
	it := loadItem(t, "testdata/result-v1.json")
	if v := docVersion(t, it); v != 0 {
		t.Fatalf("the golden item says version %d; version 1 items have none", v)
	}
	res, err := fromResultItem(it)
	if err != nil {
		t.Fatal(err)
	}
	want := v1Scores
	if res.SessionID != want.SessionID || res.OrgID != want.OrgID || res.AssessmentID != want.AssessmentID ||
		!res.ScoredAt.Equal(want.ScoredAt) || res.ScoringVersion != want.EngineVersion || !res.RetainUntil.Equal(want.RetainUntil) {
		t.Fatalf("result fields: %+v", res)
	}
	got, err := assess.DecodeScores([]assess.Result{res})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got[0], want) {
		b, _ := json.MarshalIndent(got[0], "", " ")
		t.Fatalf("version 1 scores read as\n%s", b)
	}
	// The parts version 1 stored under Go field names are read, not dropped.
	if got[0].DISC == nil || len(got[0].DISC.Styles) != 4 || got[0].DISC.Blocks == 0 || got[0].DISC.Styles[2].Diff != 3 {
		t.Fatalf("DISC profile: %+v", got[0].DISC)
	}

	// An explicit "v":1 is version 1 too.
	withV1 := Item{}
	for k, v := range it {
		withV1[k] = v
	}
	withV1[attrDoc] = []byte(strings.Replace(string(it.Bytes(attrDoc)), "{", `{"v":1,`, 1))
	if again, err := fromResultItem(withV1); err != nil || !reflect.DeepEqual(again, res) {
		t.Fatalf("with v 1: %v", err)
	}
}

// TestResultRoundTrip writes results in the newest format and reads them back unchanged:
// the golden session's scores, and a sample with every field of the scores set.
func TestResultRoundTrip(t *testing.T) {
	t.Parallel()
	for name, sc := range map[string]assess.Scores{"golden session": v1Scores, "every field": everyField()} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc.RetainUntil = sc.RetainUntil.Truncate(time.Second) // the TTL keeps seconds
			in := assess.Result{SessionID: sc.SessionID, OrgID: sc.OrgID, AssessmentID: sc.AssessmentID,
				ScoredAt: sc.ScoredAt, ScoringVersion: sc.EngineVersion, Scores: sc, RetainUntil: sc.RetainUntil}
			it, err := toResultItem(in)
			if err != nil {
				t.Fatal(err)
			}
			if v := docVersion(t, it); v != resultFormat {
				t.Fatalf("written as version %d, want %d", v, resultFormat)
			}
			out, err := fromResultItem(it)
			if err != nil {
				t.Fatal(err)
			}
			in.Scores.RetainUntil = time.Time{} // the result carries it; DecodeScores copies it in
			if !reflect.DeepEqual(out, in) {
				t.Fatalf("read back\n%+v\nwant\n%+v", out, in)
			}
			got, err := assess.DecodeScores([]assess.Result{out})
			if err != nil || !reflect.DeepEqual(got[0], sc) {
				t.Fatalf("decoded %+v, %v", got, err)
			}
		})
	}
}

// everyField is a Scores with every field of every nested struct set, so that a field
// added to the domain's scores (or to the scoring types inside them) fails
// TestResultDocumentCoversScores until the stored document carries it.
func everyField() assess.Scores {
	acc := 0.5
	return assess.Scores{SessionID: "s1", OrgID: "o1", AssessmentID: "a1", CandidateID: "s1", EngineVersion: "e1",
		ContentVersion: "c1", ScoredAt: time.Unix(1_800_000_000, 123).UTC(),
		Sections: []assess.SectionScore{{Instrument: "i1", Family: "cognitive", Kind: "choice", Weight: 0.25,
			Scales: []assess.ScaleScore{{Scale: "sc1", Caution: true, Metric: "theta", Raw: -0.5, Answered: 3, Items: 4,
				ThetaSE: 0.3, ItemScores: map[string]float64{"q1": 1, "q2": 0}}},
			Tasks:   []assess.TaskScore{{Item: "t1", Points: 2.5, Possible: 6, Accuracy: &acc, FalseFlags: 2, Seconds: 12.5}},
			Pending: true, Timed: true, Reached: 3, TimedOut: true}},
		DISC: &scoring.DISCProfile{Styles: []scoring.StyleScore{{Style: "d", Most: 4, Least: 1, Diff: 3}},
			Primary: []string{"d"}, Blocks: 5, Invalid: 1},
		Cautions: []scoring.Caution{{Code: "paste", Value: 2, Threshold: 1,
			Message: scoring.Text{ES: "Pegó texto.", EN: "Pasted text."}, Serious: true}},
		RetainUntil: time.Unix(1_900_000_000, 0).UTC(),
	}
}

// TestResultDocumentCoversScores: the sample sets every field (so the round trip above
// covers them all), and every field of the stored document types has its own JSON name.
func TestResultDocumentCoversScores(t *testing.T) {
	t.Parallel()
	var unset []string
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		if v.IsZero() {
			unset = append(unset, path)
			return
		}
		switch v.Kind() {
		case reflect.Pointer:
			walk(path, v.Elem())
		case reflect.Slice:
			walk(path+"[0]", v.Index(0))
		case reflect.Struct:
			if v.Type() == reflect.TypeOf(time.Time{}) {
				return
			}
			for i := range v.NumField() {
				walk(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		}
	}
	walk("Scores", reflect.ValueOf(everyField()))
	if len(unset) > 0 {
		t.Errorf("everyField leaves %v unset: a field new to the scores must be stored (in a new document version) and set there", unset)
	}

	seen := map[reflect.Type]bool{}
	var tags func(typ reflect.Type)
	tags = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ == reflect.TypeOf(time.Time{}) {
			return
		}
		seen[typ] = true
		if p := typ.PkgPath(); p != "shortlist/shared/store" {
			t.Errorf("the stored document uses %s.%s: it must use its own types", p, typ.Name())
			return
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if (name == "" && !f.Anonymous) || name == "-" {
				t.Errorf("%s.%s has no JSON name of its own", typ.Name(), f.Name)
			}
			tags(f.Type)
		}
	}
	tags(reflect.TypeOf(resultDoc{}))
	tags(reflect.TypeOf(scoresV2{}))
	tags(reflect.TypeOf(scoresV1{}))
}

// TestResultFutureVersion: a result written in a format this build does not know is
// refused with an error that says so, never read as another version.
func TestResultFutureVersion(t *testing.T) {
	t.Parallel()
	sc := everyField()
	it, err := toResultItem(assess.Result{SessionID: sc.SessionID, OrgID: sc.OrgID, AssessmentID: sc.AssessmentID, Scores: sc})
	if err != nil {
		t.Fatal(err)
	}
	it[attrDoc] = []byte(strings.Replace(string(it.Bytes(attrDoc)), `"v":2`, `"v":3`, 1))
	if v := docVersion(t, it); v != 3 {
		t.Fatalf("the test item says version %d", v)
	}
	_, err = fromResultItem(it)
	if !errors.Is(err, ErrResultFormat) || assess.CodeOf(err) != assess.Internal || !strings.Contains(err.Error(), "version 3") {
		t.Fatalf("reading version 3: %v (code %q), want Internal wrapping ErrResultFormat naming version 3", err, assess.CodeOf(err))
	}
	t.Logf("refused: %v", err)
	if _, err := decodeScores(3, []byte(`{}`)); !errors.Is(err, ErrResultFormat) {
		t.Fatalf("decodeScores(3): %v", err)
	}
}
