// Package reporting renders reports from stored results into the report store: the
// candidate's report and feedback after scoring, cohort comparisons on request. It is
// apart from shared/app so that only the processes that render link the PDF library.
package reporting

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"shortlist/shared/app"
	"shortlist/shared/assess"
	"shortlist/shared/blob"
	"shortlist/shared/catalog"
	"shortlist/shared/report"
	"shortlist/shared/scoring"
	"shortlist/shared/store"
)

// Reporter renders reports from stored results and keeps them in the blob store under the
// organisation's prefix, recording each in the table. Keys:
//
//	orgs/{org}/assessments/{aid}/candidates/{cid}/report.pdf    the hiring team's report
//	orgs/{org}/assessments/{aid}/candidates/{cid}/feedback.pdf  the candidate's feedback
//	orgs/{org}/assessments/{aid}/cohort/{rid}.pdf|.csv          cohort comparisons
//
// so erasing a candidate is one prefix delete.
type Reporter struct {
	Repo    *store.Repository
	Journey *assess.Service
	Catalog *catalog.Catalog
	Blobs   blob.Store
	Clock   func() time.Time
}

func (rp *Reporter) now() time.Time {
	if rp.Clock != nil {
		return rp.Clock().UTC()
	}
	return time.Now().UTC()
}

// Attach adds report rendering to a stack that has a report store and returns the
// renderer (nil without a store).
func Attach(st *app.Stack) *Reporter {
	if st.Deps.Blobs == nil {
		return nil
	}
	rp := &Reporter{Repo: st.Repo, Journey: st.Deps.Journey, Catalog: st.Deps.Catalog, Blobs: st.Deps.Blobs}
	st.Deps.Renderer = rp
	return rp
}

// Handler is the reports function's Lambda handler. On the table's stream, each new
// result has its candidate report and feedback rendered, each new cohort report request
// its cohort PDF and CSV, and each removed report record (the table's TTL at the end of
// the candidate's retention, or an erasure) has the files it named deleted, so no report
// outlives the data it shows. Failed records are reported by sequence number, as
// app.StreamHandler does. A scheduled EventBridge event runs the sweep (Sweep): results
// whose rendering the stream gave up on are rendered then, a bounded number per run.
func Handler(rp *Reporter, log *slog.Logger) func(context.Context, json.RawMessage) (any, error) {
	// A record is named "result <sid>", "cohort <org> <asmt> <pdf> <csv>" or
	// "removed <object key>..." (object keys hold no spaces: see CandidatePrefix).
	match := func(r app.StreamRecord) (string, bool) {
		switch r.Event {
		case "INSERT":
			if sid, ok := store.ResultSessionID(r.PK, r.SK); ok {
				return "result " + sid, true
			}
			if org, aid, pdf, csv, ok := store.CohortRequest(r.PK, r.SK); ok {
				return strings.Join([]string{"cohort", org, aid, pdf, csv}, " "), true
			}
		case "REMOVE":
			if objects, ok := store.RemovedReportObjects(r.PK, r.SK, r.OldDoc); ok {
				return "removed " + strings.Join(objects, " "), true
			}
		}
		return "", false
	}
	render := func(ctx context.Context, what string) error {
		f := strings.Fields(what)
		var recs []assess.ReportRecord
		var err error
		switch f[0] {
		case "result":
			recs, err = rp.RenderCandidate(ctx, f[1])
		case "cohort":
			recs, err = rp.RenderCohortAs(ctx, f[1], f[2], f[3], f[4])
		case "removed":
			for _, key := range f[1:] {
				if err = rp.Blobs.Delete(ctx, key); err != nil {
					return err
				}
			}
			log.InfoContext(ctx, "deleted the files of a removed report record", slog.Int("files", len(f)-1))
			return nil
		}
		if err == nil {
			log.InfoContext(ctx, "rendered", slog.String("what", what), slog.Int("reports", len(recs)))
		}
		return err
	}
	sweep := func(ctx context.Context) (any, error) {
		res, err := rp.Sweep(ctx, SweepMinAge, SweepLimit)
		for _, f := range res.Failures {
			log.ErrorContext(ctx, "reports sweep: rendering failed, retried later", slog.String("session", f.SessionID),
				slog.Int("tries", f.Tries), slog.String("error", f.Err))
		}
		// backlog counts results whose rendering the stream trigger did not finish; infra
		// alarms on it (> 0).
		log.InfoContext(ctx, "reports sweep", slog.Int("rendered", res.Rendered), slog.Int("present", res.Present),
			slog.Int("gone", res.Gone), slog.Int("failed", len(res.Failures)), slog.Bool("more", res.More),
			slog.Int("backlog", res.Rendered+len(res.Failures)), slog.Any("error", err))
		return res, err
	}
	inner := app.StreamHandler(match, render, sweep, log)
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		// The batch's new results go into their cohorts' snapshots first, together; a
		// failure here is only logged: each record's rendering adds its own result then.
		if ids := app.StreamInserts(raw, store.ResultSessionID); len(ids) > 0 {
			if err := rp.AddResults(ctx, ids); err != nil {
				log.WarnContext(ctx, "adding a batch to the cohort view", slog.String("error", err.Error()))
			}
		}
		return inner(ctx, raw)
	}
}

// Report kinds.
const (
	KindCandidate = "candidate"
	KindFeedback  = "feedback"
	KindCohort    = "cohort"
)

// CandidatePrefix is where everything rendered about one candidate lives.
func CandidatePrefix(orgID, assessmentID, candidateID string) string {
	return fmt.Sprintf("orgs/%s/assessments/%s/candidates/%s/", orgID, assessmentID, candidateID)
}

// view gathers what every report of an assessment needs.
type view struct {
	org      assess.Organisation
	a        assess.Assessment
	progress []assess.CandidateStatus
	cohort   assess.CohortView
	lang     catalog.Lang
	guide    assess.Guide // what the content says about the assessment's scales
}

// load reads the assessment and its cohort view (the snapshot: a few object reads, not
// the cohort's results), and with candidates also every candidate's status (the cohort
// report lists them; a candidate's own report does not).
func (rp *Reporter) load(ctx context.Context, orgID, assessmentID string, candidates bool) (view, error) {
	var v view
	var err error
	if v.org, err = rp.Repo.Organisation(ctx, orgID); err != nil {
		return v, err
	}
	if v.a, err = rp.Repo.Assessment(ctx, orgID, assessmentID); err != nil {
		return v, err
	}
	if v.guide, err = assess.GuideOf(rp.Catalog, v.a); err != nil {
		return v, err
	}
	for cursor, first := "", true; candidates && (first || cursor != ""); first = false {
		// A page at a time: no single read of the whole cohort, whatever its size.
		var page []assess.CandidateStatus
		if page, cursor, err = rp.Journey.ProgressPage(ctx, orgID, assessmentID, cursor, 1000); err != nil {
			return v, err
		}
		v.progress = append(v.progress, page...)
	}
	if v.cohort, err = rp.Journey.CohortFor(ctx, v.a); err != nil {
		return v, err
	}
	v.lang = v.a.Config.Lang
	return v, nil
}

func (rp *Reporter) header(v view) report.Header {
	role, _ := rp.Catalog.Role(v.a.Config.RoleID)
	return report.Header{Lang: report.Lang(v.lang), Organisation: v.org.Name, Assessment: v.a.Config.Name,
		Role: role.Name.In(v.lang), Generated: rp.now(),
		Versions: report.Versions{Engine: assess.EngineVersion, Content: v.a.Config.ContentVersion},
		AsOf:     v.cohort.Head.AsOf, CohortN: v.cohort.Head.N}
}

// RenderCandidate renders and stores the hiring team's report and the candidate's
// feedback for one scored session. Rendering again replaces both (ranks move as the
// cohort grows).
func (rp *Reporter) RenderCandidate(ctx context.Context, sessionID string) ([]assess.ReportRecord, error) {
	ss, err := rp.Repo.Session(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	v, err := rp.load(ctx, ss.OrgID, ss.AssessmentID, false)
	if err != nil {
		return nil, err
	}
	res, err := rp.Repo.Result(ctx, ss.OrgID, sessionID)
	if assess.CodeOf(err) == assess.NotFound {
		return nil, assess.Errorf(assess.Conflict, "session %s is not scored yet", sessionID)
	}
	if err != nil {
		return nil, err
	}
	decoded, err := assess.DecodeScores([]assess.Result{res})
	if err != nil {
		return nil, err
	}
	sc := &decoded[0]
	standing, ok, err := v.cohort.Candidate(ctx, sessionID)
	if err == nil && !ok {
		// Not in the snapshot yet (its batch's update failed or has not run): add it
		// now, so every scored session gets its reports whichever path scored it.
		if err = rp.Journey.AddToCohort(ctx, v.a, decoded); err == nil {
			if v, err = rp.load(ctx, ss.OrgID, ss.AssessmentID, false); err == nil {
				standing, ok, err = v.cohort.Candidate(ctx, sessionID)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, assess.Errorf(assess.Conflict, "session %s is not in the cohort view yet", sessionID)
	}
	c, err := rp.Repo.Candidate(ctx, ss.OrgID, ss.CandidateID)
	if err != nil {
		return nil, err
	}
	cand, fb := rp.candidateReport(v, *sc, standing, c, ss), rp.feedback(v, *sc, standing, c, ss)
	pdf, err := report.CandidatePDF(cand)
	if err != nil {
		return nil, err
	}
	fpdf, err := report.FeedbackPDF(fb)
	if err != nil {
		return nil, err
	}
	prefix := CandidatePrefix(ss.OrgID, ss.AssessmentID, c.ID)
	var out []assess.ReportRecord
	for _, r := range []struct {
		kind, key, name string
		body            []byte
	}{{KindCandidate, prefix + "report.pdf", cand.Filename(), pdf}, {KindFeedback, prefix + "feedback.pdf", fb.Filename(), fpdf}} {
		rec, err := rp.put(ctx, ss.OrgID, ss.AssessmentID, sessionID, r.kind, "pdf", r.key, r.name, r.body, candidateReportID(sessionID, r.kind), ss.RetainUntil)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	if err := rp.Repo.PutReports(ctx, out...); err != nil {
		return nil, err
	}
	// The files and their record are stored: the session's pending-report marker has done
	// its work. One this delete leaves behind is dropped by the sweep, which finds the
	// files there, so its failure need not fail (and repeat) the rendering.
	_ = rp.Repo.DropPendingReport(ctx, ss.ID, ss.CompletedAt)
	return out, nil
}

// AddResults adds the results of newly scored sessions to their assessments' cohort
// snapshots: one new snapshot version per assessment for the whole batch (a stream batch
// in AWS, the dev worker's queue locally), not one per candidate.
func (rp *Reporter) AddResults(ctx context.Context, sessionIDs []string) error {
	type group struct {
		a      assess.Assessment
		scores []assess.Scores
	}
	groups := map[string]*group{}
	var order []string
	for _, sid := range sessionIDs {
		ss, err := rp.Repo.Session(ctx, sid)
		if err != nil {
			return err
		}
		res, err := rp.Repo.Result(ctx, ss.OrgID, sid)
		if err != nil {
			return err
		}
		decoded, err := assess.DecodeScores([]assess.Result{res})
		if err != nil {
			return err
		}
		g := groups[ss.AssessmentID]
		if g == nil {
			a, err := rp.Repo.Assessment(ctx, ss.OrgID, ss.AssessmentID)
			if err != nil {
				return err
			}
			g = &group{a: a}
			groups[ss.AssessmentID] = g
			order = append(order, ss.AssessmentID)
		}
		g.scores = append(g.scores, decoded[0])
	}
	for _, aid := range order {
		if err := rp.Journey.AddToCohort(ctx, groups[aid].a, groups[aid].scores); err != nil {
			return err
		}
	}
	return nil
}

// candidateReportID is stable per session and kind, so a re-render replaces the record.
func candidateReportID(sessionID, kind string) string {
	sum := sha256.Sum256([]byte(sessionID + "/" + kind))
	return assess.IDFromBytes(sum[:16])
}

// RenderCohort renders and stores the cohort comparison as PDF and CSV.
func (rp *Reporter) RenderCohort(ctx context.Context, orgID, assessmentID string) ([]assess.ReportRecord, error) {
	return rp.RenderCohortAs(ctx, orgID, assessmentID, assess.NewID(), assess.NewID())
}

// RenderCohortAs renders the cohort comparison as the report records pdfID and csvID (ids
// handed out when the report was requested).
func (rp *Reporter) RenderCohortAs(ctx context.Context, orgID, assessmentID, pdfID, csvID string) ([]assess.ReportRecord, error) {
	v, err := rp.load(ctx, orgID, assessmentID, true)
	if err != nil {
		return nil, err
	}
	cr, err := rp.cohortReport(ctx, v)
	if err != nil {
		return nil, err
	}
	pdf, err := report.CohortPDF(cr)
	if err != nil {
		return nil, err
	}
	csv, err := report.CohortCSV(cr)
	if err != nil {
		return nil, err
	}
	base := fmt.Sprintf("orgs/%s/assessments/%s/cohort/%s", orgID, assessmentID, pdfID)
	var out []assess.ReportRecord
	for _, f := range []struct {
		format, ext, id string
		body            []byte
	}{{"pdf", ".pdf", pdfID, pdf}, {"csv", ".csv", csvID, csv}} {
		rec, err := rp.put(ctx, orgID, assessmentID, "", KindCohort, f.format, base+f.ext, cr.Filename(f.ext), f.body, f.id, cohortRetention(v))
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rp.Repo.PutReports(ctx, out...)
}

// put puts a rendered report in the blob store and returns its record, for the caller to
// store with the others rendered with it (one item, one write unit); the record expires
// with the data it shows (retainUntil), after which no link to it can be handed out.
func (rp *Reporter) put(ctx context.Context, orgID, assessmentID, sessionID, kind, format, key, filename string, body []byte, id string, retainUntil time.Time) (assess.ReportRecord, error) {
	ct := report.ContentTypePDF
	if format == "csv" {
		ct = report.ContentTypeCSV
	}
	if err := rp.Blobs.Put(ctx, key, ct, body); err != nil {
		return assess.ReportRecord{}, err
	}
	sum := sha256.Sum256(body)
	rec := assess.ReportRecord{ID: id, OrgID: orgID, AssessmentID: assessmentID, SessionID: sessionID, Kind: kind,
		Format: format, ObjectKey: key, Filename: filename, Size: int64(len(body)), SHA256: hex.EncodeToString(sum[:]),
		CreatedAt: rp.now(), RetainUntil: retainUntil}
	return rec, nil
}

// cohortRetention is when a cohort report stops being kept: with the last of its
// candidates' data.
func cohortRetention(v view) time.Time {
	var last time.Time
	for _, p := range v.progress {
		if p.Candidate.RetainUntil.After(last) {
			last = p.Candidate.RetainUntil
		}
	}
	return last
}

// scoreOf is a scale's standing as the cohort view gives it, labelled with its norm.
func scoreOf(st assess.Standing, cs assess.CohortScale) report.Score {
	return report.Score{Z: st.Z, SE: st.SE, Percentile: st.Percentile, Norm: report.Norm{Source: string(cs.Norm), N: cs.NormN}}
}

// candidateReport shows the candidate as the cohort view sees them at render time: the
// same figures as the ranking and the candidate's detail, with the view's date and size.
func (rp *Reporter) candidateReport(v view, sc assess.Scores, standing assess.CohortCandidate, c assess.Candidate, ss assess.Session) report.CandidateReport {
	r := report.CandidateReport{Header: rp.header(v), Name: c.Name, Reference: c.ExternalID, Completed: ss.CompletedAt}
	fit := standing.Fit
	r.Fit = report.Fit{Defined: fit.Defined, Z: fit.C, SE: fit.SE, Rank: standing.Rank, RankLow: standing.RankLow,
		RankHigh: standing.RankHigh, PTop: standing.PTop, TopK: v.cohort.Head.TopK, ReviewFirst: standing.ReviewFirst,
		Of: v.cohort.Head.Main}
	if standing.ReviewFirst {
		r.Fit.Of = v.cohort.Head.Ranked - v.cohort.Head.Main // places within the review-first group
	}
	for _, sf := range fit.BelowMinimum {
		r.Fit.BelowMinimum = append(r.Fit.BelowMinimum, report.Shortfall{Name: v.guide.ScaleName(sf.ID, v.lang), Clearly: sf.Clearly})
	}
	for i, sec := range sc.Sections {
		cfg := v.a.Config.Sections[i]
		inst, _ := rp.Catalog.InstrumentAt(cfg.Instrument, cfg.Hash)
		for _, s := range sec.Scales {
			if s.Caution {
				continue
			}
			cs, _ := v.cohort.Head.Scale(s.Scale)
			score := scoreOf(standing.Scales[s.Scale], cs)
			switch sec.Family {
			case catalog.Cognitive:
				right := 0
				for _, x := range s.ItemScores {
					if x == 1 {
						right++
					}
				}
				r.Cognitive = append(r.Cognitive, report.Ability{Name: v.guide.ScaleName(s.Scale, v.lang), Score: score, Answered: s.Answered, Right: right})
				continue
			}
			comp := report.Competency{ID: s.Scale, Name: v.guide.ScaleName(s.Scale, v.lang), Score: score,
				Weight: cfg.Weight / float64(max(1, scoredScales(sec))), Answered: s.Answered, Items: s.Items}
			if cfg.Minimum != nil {
				m := (*cfg.Minimum - 50) / 10
				comp.Minimum = &m
			}
			if sec.Family == catalog.Integrity {
				r.Integrity = append(r.Integrity, comp)
			} else {
				r.Competencies = append(r.Competencies, comp)
			}
		}
		for _, t := range sec.Tasks {
			name := t.Item
			if inst != nil {
				name = inst.Name.In(v.lang) + " · " + t.Item
			}
			r.WorkSamples = append(r.WorkSamples, report.WorkSample{Name: name, Points: t.Points, Possible: t.Possible,
				Accuracy: t.Accuracy, Minutes: t.Seconds / 60})
		}
	}
	if sc.DISC != nil {
		r.DISC = rp.disc(v, sc.DISC)
	}
	for _, ca := range sc.Cautions {
		msg := ca.Message.EN
		if v.lang == catalog.ES {
			msg = ca.Message.ES
		}
		r.Cautions = append(r.Cautions, report.Caution{Code: ca.Code, Value: ca.Value, Threshold: ca.Threshold, Message: msg})
	}
	for _, in := range standing.Strengths {
		r.Strengths = append(r.Strengths, report.Strength{Name: v.guide.ScaleName(in.Scale, v.lang), Note: v.guide.Scale(in.Scale).Scale.Observes.In(v.lang)})
	}
	for _, in := range standing.Probes {
		p := report.Probe{Name: v.guide.ScaleName(in.Scale, v.lang), Reason: in.Reason}
		for _, q := range v.guide.Scale(in.Scale).Questions {
			p.Questions = append(p.Questions, report.Question{Question: q.Question.In(v.lang), GoodAnswer: q.GoodAnswer.In(v.lang)})
		}
		r.Probes = append(r.Probes, p)
	}
	return r
}

func scoredScales(sec assess.SectionScore) int {
	n := 0
	for _, s := range sec.Scales {
		if !s.Caution {
			n++
		}
	}
	return n
}

func (rp *Reporter) disc(v view, p *scoring.DISCProfile) *report.DISC {
	d := &report.DISC{Blocks: p.Blocks}
	styles := map[string]report.Style{}
	for _, sec := range v.a.Config.Sections {
		inst, err := rp.Catalog.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil || inst.Kind != catalog.ForcedChoice {
			continue
		}
		for _, st := range inst.Styles {
			styles[st.ID] = report.Style{Name: st.Name.In(v.lang), Description: st.Description.In(v.lang)}
		}
	}
	for _, s := range p.Styles {
		d.Styles = append(d.Styles, report.StyleCount{Style: styles[s.Style], Most: s.Most, Least: s.Least})
	}
	for _, id := range p.Primary {
		d.Primary = append(d.Primary, styles[id].Name)
	}
	return d
}

func (rp *Reporter) feedback(v view, sc assess.Scores, standing assess.CohortCandidate, c assess.Candidate, ss assess.Session) report.Feedback {
	f := report.Feedback{Header: rp.header(v), Name: c.Name, Completed: ss.CompletedAt}
	for _, in := range standing.Strengths {
		f.Strengths = append(f.Strengths, report.Strength{Name: v.guide.ScaleName(in.Scale, v.lang), Note: v.guide.Scale(in.Scale).Scale.Observes.In(v.lang)})
	}
	for _, in := range standing.Probes {
		f.Development = append(f.Development, report.Tip{Name: v.guide.ScaleName(in.Scale, v.lang), Observes: v.guide.Scale(in.Scale).Scale.Observes.In(v.lang)})
	}
	if sc.DISC != nil && len(sc.DISC.Primary) > 0 {
		if d := rp.disc(v, sc.DISC); len(d.Styles) > 0 {
			for _, st := range d.Styles {
				if st.Name == d.Primary[0] {
					s := st.Style
					f.Style = &s
				}
			}
		}
	}
	return f
}

// cohortReport builds the comparison from the cohort view, one page of candidates at a
// time into compact report rows (bounded memory at any cohort size).
func (rp *Reporter) cohortReport(ctx context.Context, v view) (report.CohortReport, error) {
	cr := report.CohortReport{Header: rp.header(v)}
	var cols []string
	for _, cs := range v.cohort.Head.Scales {
		if cs.Caution {
			continue
		}
		cols = append(cols, cs.Scale)
		cr.Columns = append(cr.Columns, report.Column{ID: cs.Scale, Name: v.guide.ScaleName(cs.Scale, v.lang),
			Norm: report.Norm{Source: string(cs.Norm), N: cs.NormN}})
	}
	bySession := map[string]assess.Candidate{}
	for _, p := range v.progress {
		if p.Session != nil {
			bySession[p.Session.ID] = p.Candidate
		}
		switch p.Status {
		case "invited":
			cr.Completion.Invited++
		case "started":
			cr.Completion.Started++
		case "completed":
			cr.Completion.Completed++
		case "scored":
			cr.Completion.Scored++
		case "expired":
			cr.Completion.Expired++
		}
	}
	cr.Completion.Invited += cr.Completion.Started + cr.Completion.Completed + cr.Completion.Scored + cr.Completion.Expired
	var minutes []float64
	for _, p := range v.progress {
		if p.Session != nil && !p.Session.CompletedAt.IsZero() {
			minutes = append(minutes, p.Session.CompletedAt.Sub(p.Session.StartedAt).Minutes())
		}
	}
	if len(minutes) > 0 {
		sort.Float64s(minutes)
		cr.Completion.MedianMinutes = minutes[len(minutes)/2]
	}
	err := v.cohort.Each(ctx, func(cc assess.CohortCandidate) error {
		if cc.Rank == 0 {
			return nil
		}
		c := bySession[cc.SessionID]
		row := report.CohortRow{Rank: cc.Rank, RankLow: cc.RankLow, RankHigh: cc.RankHigh, Name: c.Name, Reference: c.ExternalID,
			Fit: report.Cell{Z: cc.Fit.C, SE: cc.Fit.SE, Scored: true}, Cautions: cc.Cautions, ReviewFirst: cc.ReviewFirst}
		for _, id := range cols {
			st, ok := cc.Scales[id]
			row.Cells = append(row.Cells, report.Cell{Z: st.Z, SE: st.SE, Scored: ok && st.Answered > 0})
		}
		for _, sf := range cc.Fit.BelowMinimum {
			row.BelowMinimum = append(row.BelowMinimum, v.guide.ScaleName(sf.ID, v.lang))
		}
		cr.Rows = append(cr.Rows, row)
		return nil
	})
	return cr, err
}
