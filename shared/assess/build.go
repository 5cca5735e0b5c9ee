package assess

import (
	"fmt"
	"math"
	"sort"

	"shortlist/shared/catalog"
)

// Spec is what a hiring team asks for: a role from the catalog and its changes to the
// role's suggested mix. Zero values keep the role's defaults.
type Spec struct {
	RoleID string
	Name   string
	Lang   catalog.Lang
	// Add and Remove change the mix by instrument id.
	Add    []string
	Remove []string
	// Weights replaces the role's family weights (must sum to 1 over the weighted
	// families present; DISC never carries weight).
	Weights map[catalog.Family]float64
	// Minimums sets a floor per instrument on the T-score metric (20–80): a candidate
	// below it is flagged, never silently dropped.
	Minimums map[string]float64
	// MinimumsRaw sets a floor per instrument on the scale's own metric instead: a Likert
	// mean (1–5), a share right or of points (0–1), or θ (−4…4) for cognitive tests. It is
	// the same line whatever the norm, where a T minimum moves with the norm in force.
	MinimumsRaw map[string]float64
	// TimeLimits overrides an instrument's time limit, in seconds.
	TimeLimits map[string]int
	// InviteExpiryDays is how long invites stay valid (default 14).
	InviteExpiryDays int
	// Reminders are the days before an emailed invite expires on which a candidate who
	// has not started is reminded, once each: nil is DefaultReminders, empty is none.
	Reminders []int
}

// Config is an assessment frozen at creation: everything scoring and the candidate
// journey need, pinned to exact instrument versions.
type Config struct {
	RoleID           string                     `json:"roleId"`
	Name             string                     `json:"name"`
	Lang             catalog.Lang               `json:"lang"`
	ContentVersion   string                     `json:"contentVersion"`
	Sections         []Section                  `json:"sections"`
	Families         map[catalog.Family]float64 `json:"families"`
	InviteExpiryDays int                        `json:"inviteExpiryDays"`
	// Reminders are days before expiry, largest first, on which emailed candidates who
	// have not started are reminded (assessments made before reminders existed have none).
	Reminders []int    `json:"reminders,omitempty"`
	Minutes   int      `json:"minutes"`
	Warnings  []string `json:"warnings,omitempty"`
}

// Section is one instrument of an assessment, taken as one timed or untimed part.
type Section struct {
	Instrument       string         `json:"instrument"`
	Hash             string         `json:"hash"`
	Family           catalog.Family `json:"family"`
	Kind             catalog.Kind   `json:"kind"`
	Weight           float64        `json:"weight"`
	TimeLimitSeconds int            `json:"timeLimitSeconds,omitempty"`
	Minimum          *float64       `json:"minimum,omitempty"`
	MinimumRaw       *float64       `json:"minimumRaw,omitempty"`
	Minutes          int            `json:"minutes"`
}

// Limits on what a hiring team may configure.
const (
	DefaultInviteExpiryDays = 14
	MaxInviteExpiryDays     = 90
	MaxSections             = 10
	MinTimeLimit            = 60
	MaxTimeLimit            = 2 * 60 * 60
	MaxNameLength           = 120
	MaxReminders            = 5
)

// DefaultReminders are the reminders of an assessment that names none: three days and
// one day before the invite expires (a step as long as the invite itself is left out).
var DefaultReminders = []int{3, 1}

// reminderDays checks the requested reminder days against the invite's validity and
// returns them largest first. nil asks for DefaultReminders (those that fit).
func reminderDays(req []int, expiryDays int) ([]int, error) {
	if req == nil {
		out := []int{}
		for _, d := range DefaultReminders {
			if d < expiryDays {
				out = append(out, d)
			}
		}
		return out, nil
	}
	if len(req) > MaxReminders {
		return nil, FieldError("reminders", fmt.Sprintf("at most %d reminders", MaxReminders))
	}
	seen := map[int]bool{}
	out := make([]int, 0, len(req))
	for i, d := range req {
		field := fmt.Sprintf("reminders[%d]", i)
		switch {
		case d < 1 || d >= expiryDays:
			return nil, FieldError(field, fmt.Sprintf("days before the invite expires: 1 to %d (the invite is valid %d days)", expiryDays-1, expiryDays))
		case seen[d]:
			return nil, FieldError(field, fmt.Sprintf("%d days is already a reminder", d))
		}
		seen[d] = true
		out = append(out, d)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out, nil
}

// BuildConfig applies spec to its role's suggested mix and freezes the result. Every
// rejection names the field at fault.
func BuildConfig(cat *catalog.Catalog, spec Spec) (Config, error) {
	role, ok := cat.Role(spec.RoleID)
	if !ok {
		return Config{}, FieldError("roleId", fmt.Sprintf("unknown role %q", spec.RoleID))
	}
	lang := spec.Lang
	if lang == "" {
		lang = catalog.EN
	}
	if _, ok := catalog.ParseLang(string(lang)); !ok {
		return Config{}, FieldError("lang", `must be "es" or "en"`)
	}
	name := spec.Name
	if name == "" {
		name = role.Name.In(lang)
	}
	if len(name) > MaxNameLength {
		return Config{}, FieldError("name", fmt.Sprintf("at most %d characters", MaxNameLength))
	}
	expiry := spec.InviteExpiryDays
	if expiry == 0 {
		expiry = DefaultInviteExpiryDays
	}
	if expiry < 1 || expiry > MaxInviteExpiryDays {
		return Config{}, FieldError("inviteExpiryDays", fmt.Sprintf("must be 1 to %d", MaxInviteExpiryDays))
	}
	reminders, err := reminderDays(spec.Reminders, expiry)
	if err != nil {
		return Config{}, err
	}

	// The mix: the role's, minus removals, plus additions, in that order.
	var ids []string
	in := map[string]bool{}
	for _, e := range role.Mix {
		ids = append(ids, e.Instrument)
		in[e.Instrument] = true
	}
	for i, id := range spec.Remove {
		if !in[id] {
			return Config{}, FieldError(fmt.Sprintf("remove[%d]", i), fmt.Sprintf("%q is not in the mix", id))
		}
		in[id] = false
	}
	for i, id := range spec.Add {
		if _, ok := cat.Instrument(id); !ok {
			return Config{}, FieldError(fmt.Sprintf("add[%d]", i), fmt.Sprintf("unknown instrument %q", id))
		}
		if in[id] {
			return Config{}, FieldError(fmt.Sprintf("add[%d]", i), fmt.Sprintf("%q is already in the mix", id))
		}
		if _, was := in[id]; !was {
			ids = append(ids, id)
		}
		in[id] = true
	}
	// Each instrument as this role takes it: an SJT keeps only the scenes that fit the
	// role's industry, under a hash that names the selection (catalog.ForIndustry).
	var mix []*catalog.Instrument
	for _, id := range ids {
		if in[id] {
			inst, _ := cat.InstrumentFor(role, id)
			mix = append(mix, inst)
		}
	}
	if len(mix) == 0 {
		return Config{}, FieldError("remove", "an assessment needs at least one instrument")
	}
	if len(mix) > MaxSections {
		return Config{}, FieldError("add", fmt.Sprintf("at most %d instruments", MaxSections))
	}

	present := map[catalog.Family]int{}
	for _, inst := range mix {
		present[inst.Family]++
	}
	families, err := familyWeights(role.Weighting.Families, spec.Weights, present)
	if err != nil {
		return Config{}, err
	}

	cfg := Config{RoleID: role.ID, Name: name, Lang: lang, ContentVersion: cat.Version,
		Families: families, InviteExpiryDays: expiry, Reminders: reminders}
	for _, inst := range mix {
		s := Section{Instrument: inst.ID, Hash: inst.Hash, Family: inst.Family, Kind: inst.Kind,
			TimeLimitSeconds: inst.TimeLimitSeconds, Minutes: inst.Minutes}
		if n := present[inst.Family]; n > 0 {
			s.Weight = families[inst.Family] / float64(n)
		}
		cfg.Sections = append(cfg.Sections, s)
	}
	if err := applyOverrides(&cfg, spec); err != nil {
		return Config{}, err
	}
	for _, s := range cfg.Sections {
		cfg.Minutes += s.Minutes
	}
	if cfg.Minutes > catalog.MaxRoleMinute {
		cfg.Warnings = append(cfg.Warnings, fmt.Sprintf("estimated duration %d min is over %d min: long batteries lose candidates and add fatigue", cfg.Minutes, catalog.MaxRoleMinute))
	}
	return cfg, nil
}

// familyWeights returns the weights of the families present: the spec's, validated, or
// the role's, with a family new to the mix given an equal share before renormalising.
func familyWeights(role, override map[catalog.Family]float64, present map[catalog.Family]int) (map[catalog.Family]float64, error) {
	out := map[catalog.Family]float64{}
	if override != nil {
		sum := 0.0
		for f, w := range override {
			field := "weights." + string(f)
			switch {
			case present[f] == 0:
				return nil, FieldError(field, "no instrument of this family is in the mix")
			case f == catalog.DISC && w != 0:
				return nil, FieldError(field, "DISC describes style and never carries weight")
			case w < 0 || w > 1 || math.IsNaN(w):
				return nil, FieldError(field, "must be between 0 and 1")
			}
			out[f] = w
			sum += w
		}
		for f := range present {
			if _, ok := override[f]; !ok && f != catalog.DISC {
				return nil, FieldError("weights."+string(f), "family is in the mix: give it a weight")
			}
		}
		if math.Abs(sum-1) > 1e-6 {
			return nil, FieldError("weights", fmt.Sprintf("weights sum to %g, not 1", sum))
		}
		return out, nil
	}
	weighted := 0
	for f := range present {
		if f != catalog.DISC {
			weighted++
		}
	}
	if weighted == 0 {
		return out, nil // a DISC-only assessment describes style and ranks nobody
	}
	sum := 0.0
	for f := range present {
		if f == catalog.DISC {
			continue
		}
		w, ok := role[f]
		if !ok || w == 0 {
			w = 1 / float64(weighted)
		}
		out[f] = w
		sum += w
	}
	for f := range out {
		out[f] /= sum
	}
	return out, nil
}

func applyOverrides(cfg *Config, spec Spec) error {
	index := map[string]int{}
	for i, s := range cfg.Sections {
		index[s.Instrument] = i
	}
	for _, id := range sortedKeys(spec.Minimums) {
		v := spec.Minimums[id]
		i, ok := index[id]
		field := "minimums." + id
		switch {
		case !ok:
			return FieldError(field, "not an instrument of this assessment")
		case cfg.Sections[i].Family == catalog.DISC:
			return FieldError(field, "DISC describes style: it has no minimum")
		case v < 20 || v > 80 || math.IsNaN(v):
			return FieldError(field, "a minimum is a T-score between 20 and 80")
		}
		cfg.Sections[i].Minimum = &v
	}
	for _, id := range sortedKeys(spec.MinimumsRaw) {
		v := spec.MinimumsRaw[id]
		i, ok := index[id]
		field := "minimumsRaw." + id
		if !ok {
			return FieldError(field, "not an instrument of this assessment")
		}
		lo, hi, unit := rawRange(cfg.Sections[i])
		switch {
		case cfg.Sections[i].Family == catalog.DISC || cfg.Sections[i].Kind == catalog.Writing:
			return FieldError(field, "this part has no automatic score to set a minimum on")
		case cfg.Sections[i].Minimum != nil:
			return FieldError(field, "set either a T minimum or a raw minimum for a part, not both")
		case v < lo || v > hi || math.IsNaN(v):
			return FieldError(field, fmt.Sprintf("a raw minimum for this part is %s between %g and %g", unit, lo, hi))
		}
		cfg.Sections[i].MinimumRaw = &v
	}
	for _, id := range sortedKeys(spec.TimeLimits) {
		v := spec.TimeLimits[id]
		i, ok := index[id]
		field := "timeLimits." + id
		if !ok {
			return FieldError(field, "not an instrument of this assessment")
		}
		if v < MinTimeLimit || v > MaxTimeLimit {
			return FieldError(field, fmt.Sprintf("must be %d to %d seconds", MinTimeLimit, MaxTimeLimit))
		}
		cfg.Sections[i].TimeLimitSeconds = v
		if m := (v + 59) / 60; m > cfg.Sections[i].Minutes {
			cfg.Sections[i].Minutes = m
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// rawRange is the range of a section's raw score: a Likert mean, θ, or a 0–1 share.
func rawRange(sec Section) (lo, hi float64, unit string) {
	switch {
	case sec.Kind == catalog.Likert:
		return 1, 5, "an agreement mean"
	case sec.Family == catalog.Cognitive:
		return -4, 4, "an ability θ"
	}
	return 0, 1, "a share"
}
