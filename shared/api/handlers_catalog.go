package api

import (
	"net/http"
	"net/url"
	"strings"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

// ops name each route's handler, undressed, one method per function: the routing table
// (Route.Auth, Role, Idempotent) says what guards it, and NewHandler puts them on. Every
// handler returns its error, which handle answers in the one error shape. A route without
// a handler is a startup error, and so is a handler without a route of its function
// (TestFunctionOpsMatchTheirRoutes).

// catalogOps are the handlers of the catalog function.
func (s *server) catalogOps() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"listIndustries":  handle(s.catalogGET(s.listIndustries, "lang")),
		"listRoles":       handle(s.catalogGET(s.listRoles, "lang", "industry")),
		"getRole":         handle(s.catalogGET(s.getRole, "lang")),
		"listInstruments": handle(s.catalogGET(s.listInstruments, "lang")),
		"getInstrument":   handle(s.catalogGET(s.getInstrument, "lang")),
		"openapi":         handle(s.openapi),
	}
}

// hrOps are the handlers of the hr function.
func (s *server) hrOps() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"createAssessment":      handle(s.createAssessment),
		"listAssessments":       handle(s.listAssessments),
		"getAssessment":         handle(s.getAssessment),
		"invite":                handle(s.invite),
		"listCandidates":        handle(s.listCandidates),
		"candidateDetail":       handle(s.candidateDetail),
		"ranking":               handle(s.ranking),
		"statistics":            handle(s.statistics),
		"compare":               handle(s.compare),
		"createCohortReport":    handle(s.createCohortReport),
		"listReports":           handle(s.listReports),
		"reportLink":            handle(s.reportLink),
		"decide":                handle(s.decide),
		"fairness":              handle(s.fairness),
		"eraseCandidate":        handle(s.eraseCandidate),
		"exportCandidate":       handle(s.exportCandidate),
		"getOrganisation":       handle(s.getOrganisation),
		"putOrganisation":       handle(s.putOrganisation),
		"auditLog":              handle(s.auditLog),
		"whoAmI":                handle(s.whoAmI),
		"resendInvitation":      handle(s.resendInvitation),
		"listWebhooks":          handle(s.hooks(s.listWebhooks)),
		"createWebhook":         handle(s.hooks(s.createWebhook)),
		"rotateWebhookSecret":   handle(s.hooks(s.rotateWebhookSecret)),
		"deleteWebhook":         handle(s.hooks(s.deleteWebhook)),
		"listWebhookDeliveries": handle(s.hooks(s.listWebhookDeliveries)),
		"replayWebhookDelivery": handle(s.hooks(s.replayWebhookDelivery)),
	}
}

// sessionsOps are the handlers of the sessions function.
func (s *server) sessionsOps() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"previewInvite":   handle(s.previewInvite),
		"startSession":    handle(s.startSession),
		"getSession":      handle(s.getSession),
		"sectionIntro":    handle(s.sectionIntro),
		"startSection":    handle(s.startSection),
		"practice":        handle(s.practice),
		"finishSection":   handle(s.finishSection),
		"completeSession": handle(s.completeSession),
		"feedback":        handle(s.feedback),
		"selfIdentify":    handle(s.selfIdentify),
	}
}

// answersOps are the handlers of the answers function.
func (s *server) answersOps() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"saveAnswers": handle(s.saveAnswers),
	}
}

// authOps are the handlers of the auth function.
func (s *server) authOps() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"signIn":          handle(s.signIn),
		"answerChallenge": handle(s.answerChallenge),
		"refresh":         handle(s.refresh),
		"signOut":         handle(s.signOut),
		"forgotPassword":  handle(s.forgotPassword),
		"resetPassword":   handle(s.resetPassword),
		"mfaSetup":        handle(s.mfaSetup),
		"mfaVerify":       handle(s.mfaVerify),
		"listTeam":        handle(s.listTeam),
		"inviteMember":    handle(s.inviteMember),
		"changeRole":      handle(s.changeRole),
		"removeMember":    handle(s.removeMember),
		"listKeys":        handle(s.listKeys),
		"createKey":       handle(s.createKey),
		"revokeKey":       handle(s.revokeKey),
	}
}

// catalogGET wraps a catalog read: it checks the query (only the named parameters, each
// once), negotiates the language, and answers conditional GETs from the content version.
// Catalog content changes only with a deploy, so a version-based ETag is exact.
func (s *server) catalogGET(h func(*http.Request, catalog.Lang) (any, error), params ...string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := checkQuery(r, params...); err != nil {
			return err
		}
		lang, err := negotiateLang(r)
		if err != nil {
			return err
		}
		etag := `"` + s.Catalog.Version + "." + string(lang) + `"`
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Header().Set("Vary", "Accept-Language")
		w.Header().Set("Content-Language", string(lang))
		if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
		body, err := h(r, lang)
		if err != nil {
			w.Header().Del("ETag")
			w.Header().Set("Cache-Control", "no-store")
			return err
		}
		writeJSON(w, http.StatusOK, body)
		return nil
	}
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// checkQuery rejects parameters the route does not take, and repeated ones, naming them.
func checkQuery(r *http.Request, allowed ...string) error {
	q, err := parseQuery(r)
	if err != nil {
		return err
	}
	for name, vals := range q {
		if !contains(allowed, name) {
			return assess.FieldError(name, "unknown query parameter; this route takes: "+strings.Join(allowed, ", "))
		}
		if len(vals) > 1 {
			return assess.FieldError(name, "given more than once")
		}
	}
	return nil
}

func parseQuery(r *http.Request) (map[string][]string, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, assess.Errorf(assess.Invalid, "malformed query string")
	}
	return q, nil
}

// negotiateLang picks ?lang=, else the first of es/en in Accept-Language, else English.
func negotiateLang(r *http.Request) (catalog.Lang, error) {
	if v := r.URL.Query().Get("lang"); v != "" || r.URL.Query().Has("lang") {
		lang, ok := catalog.ParseLang(v)
		if !ok {
			return "", assess.FieldError("lang", `must be "es" or "en"`)
		}
		return lang, nil
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.Split(part, ";")[0]))
		if lang, ok := catalog.ParseLang(strings.Split(tag, "-")[0]); ok {
			return lang, nil
		}
	}
	return catalog.EN, nil
}

// Catalog response shapes. They carry names, reasons and durations only: never items,
// keys, norms or scoring parameters.
// IndustriesResponse is GET /v1/catalog/industries.
type IndustriesResponse struct {
	Lang       catalog.Lang   `json:"lang"`
	Industries []industryJSON `json:"industries"`
}

// RolesResponse is GET /v1/catalog/roles.
type RolesResponse struct {
	Lang  catalog.Lang      `json:"lang"`
	Roles []roleSummaryJSON `json:"roles"`
}

// InstrumentsResponse is GET /v1/catalog/instruments.
type InstrumentsResponse struct {
	Lang        catalog.Lang     `json:"lang"`
	Instruments []instrumentJSON `json:"instruments"`
}

type industryJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Roles int    `json:"roles"`
}

type roleSummaryJSON struct {
	ID          string `json:"id"`
	Industry    string `json:"industry"`
	Name        string `json:"name"`
	Assess      string `json:"assess"`
	Minutes     int    `json:"minutes"`
	Instruments int    `json:"instruments"`
}

type roleJSON struct {
	ID        string        `json:"id"`
	Industry  industryJSON  `json:"industry"`
	Name      string        `json:"name"`
	Challenge string        `json:"challenge"`
	Assess    string        `json:"assess"`
	Weighting weightingJSON `json:"weighting"`
	Mix       []mixJSON     `json:"mix"`
	Minutes   int           `json:"minutes"`
	Version   string        `json:"contentVersion"`
	Advice    adviceJSON    `json:"advice"`
}

// adviceJSON reviews the role's suggested mix (catalog.Advise): the share of ranking
// weight on self-report and the work samples and ability tests that would add to it.
type adviceJSON struct {
	SelfReportShare float64          `json:"selfReportShare"`
	Suggestions     []suggestionJSON `json:"suggestions"`
	Summary         string           `json:"summary"`
}

type suggestionJSON struct {
	Instrument string       `json:"instrument"`
	Name       string       `json:"name"`
	Kind       catalog.Kind `json:"kind"`
	Reason     string       `json:"reason"`
}

type weightingJSON struct {
	Note     string          `json:"note"`
	Families []familyWeightJ `json:"families"`
}

type familyWeightJ struct {
	Family catalog.Family `json:"family"`
	Weight float64        `json:"weight"`
}

type mixJSON struct {
	Instrument instrumentJSON `json:"instrument"`
	Reason     string         `json:"reason"`
	Weight     float64        `json:"weight"`
}

type instrumentJSON struct {
	ID               string         `json:"id"`
	Family           catalog.Family `json:"family"`
	Kind             catalog.Kind   `json:"kind"`
	Name             string         `json:"name"`
	Observes         string         `json:"observes"`
	Minutes          int            `json:"minutes"`
	TimeLimitSeconds int            `json:"timeLimitSeconds,omitempty"`
	Items            int            `json:"items"`
	Scales           []scaleJSON    `json:"scales,omitempty"`
}

type scaleJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (s *server) listIndustries(r *http.Request, lang catalog.Lang) (any, error) {
	list := s.Catalog.Industries()
	out := make([]industryJSON, 0, len(list))
	for _, in := range list {
		out = append(out, industryJSON{ID: in.ID, Name: in.Name.In(lang), Roles: len(s.Catalog.Roles(in.ID))})
	}
	return IndustriesResponse{Lang: lang, Industries: out}, nil
}

func (s *server) listRoles(r *http.Request, lang catalog.Lang) (any, error) {
	industry := r.URL.Query().Get("industry")
	if industry != "" {
		if _, ok := s.Catalog.Industry(industry); !ok {
			return nil, assess.FieldError("industry", "unknown industry "+quote(industry))
		}
	}
	roles := s.Catalog.Roles(industry)
	out := make([]roleSummaryJSON, 0, len(roles))
	for _, ro := range roles {
		out = append(out, roleSummaryJSON{ID: ro.ID, Industry: ro.Industry, Name: ro.Name.In(lang),
			Assess: ro.Assess.In(lang), Minutes: s.Catalog.RoleMinutes(ro), Instruments: len(ro.Mix)})
	}
	return RolesResponse{Lang: lang, Roles: out}, nil
}

func (s *server) getRole(r *http.Request, lang catalog.Lang) (any, error) {
	id := r.PathValue("roleId")
	ro, ok := s.Catalog.Role(id)
	if !ok {
		return nil, assess.Errorf(assess.NotFound, "no role %s in the catalog", quote(id))
	}
	ind, _ := s.Catalog.Industry(ro.Industry)
	out := roleJSON{
		ID: ro.ID, Name: ro.Name.In(lang), Challenge: ro.Challenge.In(lang), Assess: ro.Assess.In(lang),
		Industry:  industryJSON{ID: ind.ID, Name: ind.Name.In(lang), Roles: len(s.Catalog.Roles(ind.ID))},
		Weighting: weightingJSON{Note: ro.Weighting.Note.In(lang)},
		Minutes:   s.Catalog.RoleMinutes(ro),
		Version:   s.Catalog.Version,
	}
	for _, f := range catalog.Families {
		if w, ok := ro.Weighting.Families[f]; ok {
			out.Weighting.Families = append(out.Weighting.Families, familyWeightJ{Family: f, Weight: w})
		}
	}
	for i, e := range ro.Mix {
		in, _ := s.Catalog.Instrument(e.Instrument)
		out.Mix = append(out.Mix, mixJSON{Instrument: toInstrumentJSON(in, lang), Reason: e.Reason.In(lang),
			Weight: ro.EntryWeight(s.Catalog, i)})
	}
	adv := s.Catalog.Advise(ro, s.Catalog.RoleMix(ro))
	out.Advice = adviceJSON{SelfReportShare: adv.SelfReportShare, Summary: adv.Summary.In(lang),
		Suggestions: []suggestionJSON{}}
	for _, sg := range adv.Suggestions {
		in, _ := s.Catalog.Instrument(sg.Instrument)
		out.Advice.Suggestions = append(out.Advice.Suggestions, suggestionJSON{Instrument: sg.Instrument,
			Name: in.Name.In(lang), Kind: sg.Kind, Reason: sg.Reason.In(lang)})
	}
	return out, nil
}

func (s *server) getInstrument(r *http.Request, lang catalog.Lang) (any, error) {
	id := r.PathValue("instrumentId")
	in, ok := s.Catalog.Instrument(id)
	if !ok {
		return nil, assess.Errorf(assess.NotFound, "no instrument %s in the catalog", quote(id))
	}
	return toInstrumentJSON(in, lang), nil
}

func toInstrumentJSON(in *catalog.Instrument, lang catalog.Lang) instrumentJSON {
	out := instrumentJSON{ID: in.ID, Family: in.Family, Kind: in.Kind, Name: in.Name.In(lang),
		Observes: in.Observes.In(lang), Minutes: in.Minutes, TimeLimitSeconds: in.TimeLimitSeconds,
		Items: len(in.Items)}
	for _, sc := range in.Scales {
		if !sc.Caution {
			out.Scales = append(out.Scales, scaleJSON{ID: sc.ID, Name: sc.Name.In(lang)})
		}
	}
	return out
}

// quote keeps echoed input short and printable.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return `"` + strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s) + `"`
}

func (s *server) listInstruments(r *http.Request, lang catalog.Lang) (any, error) {
	all := s.Catalog.Instruments()
	out := make([]instrumentJSON, 0, len(all))
	for _, in := range all {
		out = append(out, toInstrumentJSON(in, lang))
	}
	return InstrumentsResponse{Lang: lang, Instruments: out}, nil
}
