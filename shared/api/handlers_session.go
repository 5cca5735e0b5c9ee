package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

type sessionKey struct{}

type candidateCtx struct {
	session    assess.Session
	assessment assess.Assessment
}

// candidate wraps a candidate handler: it requires a valid session token and spends one of
// that session's requests (Limits.Session, keyed by the session's id, never the token). A
// candidate only ever reaches their own session.
func (s *server) candidate(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		ss, a, err := s.Journey.Resume(r.Context(), bearer(r))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shortlist-session"`)
			writeError(w, r, err)
			return
		}
		if !admit(w, r, s.limits.sessions(), ss.ID, "session") {
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), sessionKey{}, candidateCtx{ss, a})))
	})
}

func sessionOf(r *http.Request) (assess.Session, assess.Assessment) {
	c, _ := r.Context().Value(sessionKey{}).(candidateCtx)
	return c.session, c.assessment
}

type startRequest struct {
	InviteToken   string `json:"inviteToken"`
	Acknowledged  bool   `json:"acknowledged"`
	NoticeVersion string `json:"noticeVersion"`
}

// startSession redeems an invite (explicit POST, never on page load) for a session token.
func (s *server) startSession(w http.ResponseWriter, r *http.Request) error {
	noStore(w)
	var req startRequest
	if err := decodeJSON(w, r, &req, 4<<10); err != nil {
		return err
	}
	ss, token, err := s.Journey.Start(r.Context(), req.InviteToken, assess.Ack{Acknowledged: req.Acknowledged, NoticeVersion: req.NoticeVersion})
	if err != nil {
		return err
	}
	a, err := s.Journey.Assessment(r.Context(), ss.OrgID, ss.AssessmentID)
	if err != nil {
		return err
	}
	view, err := s.sessionView(r, ss, a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, StartSessionResponse{SessionToken: token, Session: view})
	return nil
}

// StartSessionResponse is the session token a redeemed invite gives, and the session.
type StartSessionResponse struct {
	SessionToken string      `json:"sessionToken"`
	Session      sessionJSON `json:"session"`
}

type sessionJSON struct {
	Status     assess.SessionStatus `json:"status"`
	ServerTime time.Time            `json:"serverTime"`
	ExpiresAt  time.Time            `json:"expiresAt"`
	Assessment struct {
		Name    string       `json:"name"`
		Lang    catalog.Lang `json:"lang"`
		Minutes int          `json:"minutes"`
	} `json:"assessment"`
	Sections []sectionJSON `json:"sections"`
	// Current is the 1-based section to take next (sections+1 when all are closed).
	Current int `json:"current"`
	// NextSeq is the batch number the client uses next; a resumed client continues it.
	NextSeq int `json:"nextSeq"`
}

type sectionJSON struct {
	Number           int          `json:"number"`
	Instrument       string       `json:"instrument"`
	Name             string       `json:"name"`
	Kind             catalog.Kind `json:"kind"`
	Items            int          `json:"items"`
	TimeLimitSeconds int          `json:"timeLimitSeconds,omitempty"`
	State            string       `json:"state"` // pending | open | closed
	StartedAt        *time.Time   `json:"startedAt,omitempty"`
	Deadline         *time.Time   `json:"deadline,omitempty"`
	RemainingSeconds *int         `json:"remainingSeconds,omitempty"`
	Answered         int          `json:"answered"`
	Saved            SavedAnswers `json:"saved,omitempty"`
}

// SavedAnswers are an open section's stored answers as the candidate's client holds them:
// each shown item id maps to the answer's value as shown (a number for a choice item; an
// object for a task), exactly as the client sent it in PUT /v1/session/answers.
type SavedAnswers map[string]json.RawMessage

func (s *server) sessionView(r *http.Request, ss assess.Session, a assess.Assessment) (sessionJSON, error) {
	now := s.Journey.Now()
	var out sessionJSON
	out.Status, out.ServerTime, out.ExpiresAt = ss.Status, now.UTC(), ss.ExpiresAt
	out.Assessment.Name, out.Assessment.Lang, out.Assessment.Minutes = a.Config.Name, a.Config.Lang, a.Config.Minutes
	out.Current = ss.CurrentSection(now) + 1
	latest, batches, err := s.Journey.Saved(r.Context(), ss.ID)
	if err != nil {
		return out, err
	}
	out.NextSeq = 1
	for _, b := range batches {
		if b.Seq >= out.NextSeq {
			out.NextSeq = b.Seq + 1
		}
	}
	for i, sec := range a.Config.Sections {
		inst, err := s.Journey.Instrument(sec)
		if err != nil {
			return out, err
		}
		st := ss.Sections[i]
		sj := sectionJSON{Number: i + 1, Instrument: sec.Instrument, Name: inst.Name.In(a.Config.Lang), Kind: sec.Kind,
			Items: len(inst.Items), Answered: len(latest[i]), StartedAt: timePtr(st.StartedAt), Deadline: timePtr(st.Deadline)}
		if sec.TimeLimitSeconds > 0 {
			sj.TimeLimitSeconds = int(assess.Extended(sec.TimeLimitSeconds, ss.ExtraTime) / time.Second)
		}
		switch {
		case st.StartedAt.IsZero():
			sj.State = "pending"
		case st.Open(now) && ss.Status == assess.SessionActive:
			sj.State = "open"
			if !st.Deadline.IsZero() {
				rem := max(0, int(st.Deadline.Sub(now)/time.Second))
				sj.RemainingSeconds = &rem
			}
			// The client holds its answers as shown: this session's ids and option order.
			sj.Saved = SavedAnswers(assess.NewPresentation(ss, i, inst).ShownAnswers(latest[i]))
		default:
			sj.State = "closed"
		}
		out.Sections = append(out.Sections, sj)
	}
	return out, nil
}

func (s *server) getSession(w http.ResponseWriter, r *http.Request) error {
	ss, a := sessionOf(r)
	return s.replySession(w, r, ss, a, nil)
}

// sectionNumber reads the 1-based {n} of a section route.
func sectionNumber(r *http.Request, ss assess.Session) (int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(ss.Sections) {
		return 0, assess.Errorf(assess.NotFound, "no section %q", r.PathValue("n"))
	}
	return n - 1, nil
}

// startSection opens a section and returns its items as this session's presentation
// shows them (its own order, opaque ids, rearranged options) and without any key.
func (s *server) startSection(w http.ResponseWriter, r *http.Request) error {
	ss, a := sessionOf(r)
	n, err := sectionNumber(r, ss)
	if err == nil {
		ss, err = s.Journey.StartSection(r.Context(), ss, a, n)
	}
	inst, view, err := s.sectionOf(r, ss, a, n, err)
	if err != nil {
		return err
	}
	// Derived from the session's seed: a reload, or another device, shows the same.
	body := assess.NewPresentation(ss, n, inst).View(a.Config.Lang)
	writeJSON(w, http.StatusOK, StartSectionResponse{Section: view.Sections[n], Content: body, Session: view})
	return nil
}

// StartSectionResponse is an opened section: its state, its items as this session shows
// them, and the session.
type StartSectionResponse struct {
	Section sectionJSON            `json:"section"`
	Content catalog.InstrumentView `json:"content"`
	Session sessionJSON            `json:"session"`
}

type answersRequest struct {
	Seq     int                  `json:"seq"`
	Section int                  `json:"section"`
	Answers []assess.Answer      `json:"answers"`
	Events  []assess.ClientEvent `json:"events"`
}

// saveAnswers stores one autosave batch (idempotent by seq). Its answers name items,
// options and cases as the session's presentation shows them; the domain maps them to the
// catalog's before checking and storing.
func (s *server) saveAnswers(w http.ResponseWriter, r *http.Request) error {
	ss, a := sessionOf(r)
	var req answersRequest
	if err := decodeJSON(w, r, &req, MaxBody); err != nil {
		return err
	}
	if req.Section < 1 {
		return assess.FieldError("section", "the 1-based section number is required")
	}
	res, err := s.Journey.SaveAnswers(r.Context(), ss, a, assess.Batch{Seq: req.Seq, Section: req.Section - 1, Answers: req.Answers, Events: req.Events, AsShown: true})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, SaveAnswersResponse{Seq: res.Seq, Saved: res.Saved, Replayed: res.Replayed, ServerTime: s.Journey.Now().UTC()})
	return nil
}

// SaveAnswersResponse acknowledges an autosave batch.
type SaveAnswersResponse struct {
	Seq   int `json:"seq"`
	Saved int `json:"saved"`
	// Replayed says the batch had been stored before (a retry): nothing changed.
	Replayed   bool      `json:"replayed"`
	ServerTime time.Time `json:"serverTime"`
}

func (s *server) finishSection(w http.ResponseWriter, r *http.Request) error {
	ss, a := sessionOf(r)
	n, err := sectionNumber(r, ss)
	if err != nil {
		return err
	}
	ss, err = s.Journey.FinishSection(r.Context(), ss, n)
	return s.replySession(w, r, ss, a, err)
}

func (s *server) completeSession(w http.ResponseWriter, r *http.Request) error {
	ss, a := sessionOf(r)
	ss, err := s.Journey.Complete(r.Context(), ss)
	return s.replySession(w, r, ss, a, err)
}

// replySession answers a session change with the session as it now stands, or returns err.
func (s *server) replySession(w http.ResponseWriter, r *http.Request, ss assess.Session, a assess.Assessment, err error) error {
	var view sessionJSON
	if err == nil {
		view, err = s.sessionView(r, ss, a)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, view)
	return nil
}

// sectionOf reads section n's instrument and the session view, unless err already says
// the request failed.
func (s *server) sectionOf(r *http.Request, ss assess.Session, a assess.Assessment, n int, err error) (*catalog.Instrument, sessionJSON, error) {
	if err != nil {
		return nil, sessionJSON{}, err
	}
	inst, err := s.Journey.Instrument(a.Config.Sections[n])
	if err != nil {
		return nil, sessionJSON{}, err
	}
	view, err := s.sessionView(r, ss, a)
	return inst, view, err
}

// sectionIntro gives a section's instructions, how it is scored and its practice items
// without starting its clock, so the candidate can read and practise at their own pace.
func (s *server) sectionIntro(w http.ResponseWriter, r *http.Request) error {
	ss, a := sessionOf(r)
	n, err := sectionNumber(r, ss)
	inst, view, err := s.sectionOf(r, ss, a, n, err)
	if err != nil {
		return err
	}
	intro := inst.ViewOf(a.Config.Lang, nil) // no items: they come with the clock
	writeJSON(w, http.StatusOK, SectionIntroResponse{Section: view.Sections[n], Intro: intro})
	return nil
}

// SectionIntroResponse is a section's state and its instructions and practice items,
// without its items.
type SectionIntroResponse struct {
	Section sectionJSON            `json:"section"`
	Intro   catalog.InstrumentView `json:"intro"`
}

// practice checks a practice answer; practice items are not the assessment's items, so
// saying whether the answer was right gives nothing away.
func (s *server) practice(w http.ResponseWriter, r *http.Request) error {
	ss, a := sessionOf(r)
	var req struct {
		Section int    `json:"section"`
		Item    string `json:"item"`
		Answer  int    `json:"answer"`
	}
	if err := decodeJSON(w, r, &req, 1<<10); err != nil {
		return err
	}
	if req.Section < 1 || req.Section > len(ss.Sections) {
		return assess.FieldError("section", "not a section of this assessment")
	}
	inst, err := s.Journey.Instrument(a.Config.Sections[req.Section-1])
	if err != nil {
		return err
	}
	fb, err := inst.CheckPractice(req.Item, req.Answer, a.Config.Lang)
	if err != nil {
		return assess.FieldError("item", "not a practice item with a right answer in this section")
	}
	writeJSON(w, http.StatusOK, fb)
	return nil
}
