package catalog_test

import (
	"math"
	"strings"
	"testing"

	"shortlist/shared/catalog"
)

func suggested(a catalog.Advice) map[string]catalog.Suggestion {
	out := map[string]catalog.Suggestion{}
	for _, s := range a.Suggestions {
		out[s.Instrument] = s
	}
	return out
}

func role(t *testing.T, c *catalog.Catalog, id string) catalog.Role {
	t.Helper()
	r, ok := c.Role(id)
	if !ok {
		t.Fatalf("no role %s", id)
	}
	return r
}

// The seed mix of E-commerce Customer Support puts all its weight on Likert scales; the
// two work samples built for the job come first among the suggestions.
func TestAdviceEcommerceSupport(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	r := role(t, c, "ecommerce-customer-support")
	a := c.Advise(r, c.RoleMix(r))
	if math.Abs(a.SelfReportShare-1) > 1e-9 {
		t.Fatalf("self-report share = %v, want 1", a.SelfReportShare)
	}
	got := suggested(a)
	for _, id := range []string{"parallel-cases", "customer-reply"} {
		s, ok := got[id]
		if !ok {
			t.Fatalf("%s not suggested: %+v", id, a.Suggestions)
		}
		if s.Reason.ES == "" || s.Reason.EN == "" {
			t.Errorf("%s: reason missing a language: %+v", id, s.Reason)
		}
	}
	if len(a.Suggestions) < 2 || !got[a.Suggestions[0].Instrument].Kind.IsWorkSample() || !got[a.Suggestions[1].Instrument].Kind.IsWorkSample() {
		t.Errorf("work samples should lead: %+v", a.Suggestions)
	}
	if !strings.HasPrefix(a.Summary.EN, "100% of this mix's weight is self-description; adding ") ||
		!strings.Contains(a.Summary.EN, "Parallel cases") || !strings.HasPrefix(a.Summary.ES, "El 100 % del peso") {
		t.Errorf("summary: %+v", a.Summary)
	}
	// The seed itself is untouched.
	if len(r.Mix) != 6 || r.Mix[0].Instrument != "customer-orientation" {
		t.Errorf("seed mix changed: %+v", r.Mix)
	}
}

func TestAdviceSalesBackOffice(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	r := role(t, c, "sales-back-office")
	a := c.Advise(r, c.RoleMix(r))
	if math.Abs(a.SelfReportShare-0.65) > 1e-9 {
		t.Fatalf("self-report share = %v, want 0.65", a.SelfReportShare)
	}
	if _, ok := suggested(a)["digital-tools"]; !ok {
		t.Fatalf("digital-tools not suggested: %+v", a.Suggestions)
	}
	if _, ok := suggested(a)["excel-sales-validation"]; ok {
		t.Errorf("suggests what the mix already has")
	}
	if !strings.HasPrefix(a.Summary.EN, "65% of this mix's weight is self-description") {
		t.Errorf("summary: %s", a.Summary.EN)
	}
}

// Once the mix holds the suggested work samples, nothing more of the same is offered:
// neither them nor another instrument of the same family and kind.
func TestAdviceNothingMoreOfTheSame(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	r := role(t, c, "ecommerce-customer-support")
	mix := append(c.RoleMix(r), catalog.MixWeight{Instrument: "parallel-cases", Weight: 0.2},
		catalog.MixWeight{Instrument: "customer-reply", Weight: 0.2})
	a := c.Advise(r, mix)
	for _, s := range a.Suggestions {
		in, _ := c.Instrument(s.Instrument)
		if s.Instrument == "parallel-cases" || s.Instrument == "customer-reply" || in.Kind == catalog.ParallelCases || in.Kind == catalog.Writing {
			t.Errorf("suggests more of the same: %s", s.Instrument)
		}
	}
	// 1.0 of self-report out of 1.4 total.
	if math.Abs(a.SelfReportShare-1/1.4) > 1e-9 {
		t.Errorf("share = %v", a.SelfReportShare)
	}

	r = role(t, c, "sales-back-office")
	a = c.Advise(r, append(c.RoleMix(r), catalog.MixWeight{Instrument: "digital-tools", Weight: 0.1}))
	for _, s := range a.Suggestions {
		if in, _ := c.Instrument(s.Instrument); in.Family == catalog.Technical && in.Kind == catalog.MultipleChoice {
			t.Errorf("suggests a second digital-tools test: %s", s.Instrument)
		}
	}
}

// DISC never carries weight; a mix with no weight has no self-report share; unknown ids
// are ignored; the suggestions are capped and are all performance kinds.
func TestAdviceEdges(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	r := role(t, c, "ecommerce-customer-support")
	a := c.Advise(r, []catalog.MixWeight{{Instrument: "disc-profile", Weight: 0.5}, {Instrument: "nope", Weight: 1}})
	if a.SelfReportShare != 0 || !strings.Contains(a.Summary.EN, "no ranking weight") {
		t.Errorf("DISC-only: %+v", a)
	}
	for _, ro := range c.Roles("") {
		a := c.Advise(ro, c.RoleMix(ro))
		if len(a.Suggestions) > catalog.MaxSuggestions {
			t.Errorf("%s: %d suggestions", ro.ID, len(a.Suggestions))
		}
		if a.SelfReportShare < 0 || a.SelfReportShare > 1 || a.Summary.ES == "" || a.Summary.EN == "" {
			t.Errorf("%s: %+v", ro.ID, a)
		}
		for _, s := range a.Suggestions {
			in, _ := c.Instrument(s.Instrument)
			if in.Kind == catalog.Likert || in.Kind == catalog.ForcedChoice {
				t.Errorf("%s: suggests self-report %s", ro.ID, s.Instrument)
			}
		}
	}
}
