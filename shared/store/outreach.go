package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// Email items (see the package doc's table):
//
//	invitation mail (holds the link's token)  CAND#<cid>          MAIL#invitation#<issued ns, 19 digits>
//	reminder mail, one per step               CAND#<cid>          MAIL#reminder#<days, 3 digits>
//	feedback mail                             CAND#<cid>          MAIL#feedback
//	completion notice to a member             CAND#<cid>          MAIL#completion#<user id>
//	digest window of an assessment            NEWS#<asmt>         WINDOW               (since: the window's start)
//	completion waiting for the digest         NEWS#<asmt>         E#<completed ns>#<cid>
//	digest mail to a member                   NEWS#<asmt>         MAIL#<since ns>#<user id>
//
// A mail is written once (its key is its idempotency key) and its INSERT on the table's
// stream is the notify function's trigger; status (pending, sending, sent, skipped) is a
// top-level attribute that the claim and the outcome are conditioned on. Mails about a
// candidate live in the candidate's partition, so erasing the candidate erases them; all
// expire (TTL) with the data they are about.

const (
	typeMail       = "mail"
	typeNewsWindow = "newswin"
	typeNewsEntry  = "news"
	attrSince      = "since"
)

func mailKey(m assess.Mail) (Key, error) {
	switch m.Kind {
	case assess.MailInvitation:
		return Key{"CAND#" + m.CandidateID, fmt.Sprintf("MAIL#invitation#%019d", m.CreatedAt.UnixNano())}, nil
	case assess.MailReminder:
		return Key{"CAND#" + m.CandidateID, fmt.Sprintf("MAIL#reminder#%03d", m.Step)}, nil
	case assess.MailFeedback:
		return Key{"CAND#" + m.CandidateID, "MAIL#feedback"}, nil
	case assess.MailCompletion:
		return Key{"CAND#" + m.CandidateID, "MAIL#completion#" + m.UserID}, nil
	case assess.MailDigest:
		return Key{newsPK(m.AssessmentID), fmt.Sprintf("MAIL#%019d#%s", m.Since.UnixNano(), m.UserID)}, nil
	}
	return Key{}, ErrInternal(fmt.Errorf("store: mail kind %q", m.Kind))
}

func newsPK(asmt string) string { return "NEWS#" + asmt }

type mailDoc struct {
	Kind       string    `json:"k"`
	Org        string    `json:"org"`
	Asmt       string    `json:"asmt"`
	Cand       string    `json:"cand,omitempty"`
	User       string    `json:"u,omitempty"`
	To         string    `json:"to,omitempty"`
	Token      string    `json:"tok,omitempty"`
	Parts      []partDoc `json:"p,omitempty"`
	Step       int       `json:"st,omitempty"`
	Candidates []string  `json:"cs,omitempty"`
	Since      int64     `json:"since,omitempty"`
	Reason     string    `json:"why,omitempty"`
	MessageID  string    `json:"mid,omitempty"`
	Created    int64     `json:"ct"`
	Claimed    int64     `json:"cl,omitempty"`
	Sent       int64     `json:"sent,omitempty"`
}

type partDoc struct {
	Name    string `json:"n"`
	Minutes int    `json:"m"`
	Timed   bool   `json:"t,omitempty"`
}

func toMailItem(m assess.Mail) (Item, error) {
	ids := append([]string{m.OrgID, m.AssessmentID}, m.Candidates...)
	if m.Kind != assess.MailDigest {
		ids = append(ids, m.CandidateID)
	}
	if m.Kind == assess.MailCompletion || m.Kind == assess.MailDigest {
		ids = append(ids, m.UserID)
	}
	for _, id := range ids {
		if !okID(id) {
			return nil, badID("mail", id)
		}
	}
	k, err := mailKey(m)
	if err != nil {
		return nil, err
	}
	it := base(k, typeMail)
	it[attrStatus] = string(m.Status)
	d := mailDoc{Kind: string(m.Kind), Org: m.OrgID, Asmt: m.AssessmentID, Cand: m.CandidateID,
		User: m.UserID, To: m.To, Token: m.Token, Step: m.Step, Candidates: m.Candidates, Since: nanos(m.Since),
		Reason: m.Reason, MessageID: m.MessageID, Created: nanos(m.CreatedAt), Claimed: nanos(m.ClaimedAt), Sent: nanos(m.SentAt)}
	for _, p := range m.Parts {
		d.Parts = append(d.Parts, partDoc{p.Name, p.Minutes, p.Timed})
	}
	it, err = withDoc(it, d)
	return withTTLErr(it, err, m.Expires)
}

func fromMailItem(it Item) (assess.Mail, error) {
	var d mailDoc
	if err := readDoc(it, &d); err != nil {
		return assess.Mail{}, err
	}
	m := assess.Mail{Kind: assess.MailKind(d.Kind), OrgID: d.Org, AssessmentID: d.Asmt, CandidateID: d.Cand,
		UserID: d.User, To: d.To, Token: d.Token, Step: d.Step, Candidates: d.Candidates, Since: fromNanos(d.Since),
		Status: assess.MailStatus(it.Str(attrStatus)), Reason: d.Reason, MessageID: d.MessageID,
		CreatedAt: fromNanos(d.Created), ClaimedAt: fromNanos(d.Claimed), SentAt: fromNanos(d.Sent), Expires: ttlOf(it)}
	for _, p := range d.Parts {
		m.Parts = append(m.Parts, assess.EmailPart{Name: p.Name, Minutes: p.Minutes, Timed: p.Timed})
	}
	return m, nil
}

// CreateInvites stores new candidates and their invitation mails, all or none (see
// CreateCandidates).
func (r *Repository) CreateInvites(ctx context.Context, cs []assess.Candidate, mails []assess.Mail) error {
	items, err := candidateItems(cs)
	if err != nil {
		return err
	}
	for _, m := range mails {
		it, err := toMailItem(m)
		if err != nil {
			return err
		}
		items = append(items, it)
	}
	if err := r.putAllOrNone(ctx, items); err != nil {
		return err
	}
	r.countInvites(ctx, cs)
	return nil
}

// PutMail stores a new mail; Conflict if its key exists (that email was decided before).
func (r *Repository) PutMail(ctx context.Context, m assess.Mail) error {
	it, err := toMailItem(m)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Absent())
}

// MailRef names a mail for Mail: its table key, as a stream record carries it.
func MailRef(m assess.Mail) (string, error) {
	k, err := mailKey(m)
	return k.PK + "|" + k.SK, err
}

// Mail reads the mail ref names (NotifyRecord's, or MailRef's).
func (r *Repository) Mail(ctx context.Context, ref string) (assess.Mail, error) {
	pk, sk, ok := strings.Cut(ref, "|")
	if !ok || !strings.HasPrefix(sk, "MAIL#") || !(strings.HasPrefix(pk, "CAND#") || strings.HasPrefix(pk, "NEWS#")) {
		return assess.Mail{}, notFound()
	}
	it, err := r.t.Get(ctx, Key{pk, sk})
	if err != nil {
		return assess.Mail{}, err
	}
	return fromMailItem(it)
}

// UpdateMail writes m over the stored mail if that one's status is from; Conflict
// otherwise (another worker claimed or settled it).
func (r *Repository) UpdateMail(ctx context.Context, m assess.Mail, from assess.MailStatus) error {
	it, err := toMailItem(m)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Eq(attrStatus, string(from)))
}

// LatestInvitation is the candidate's last invitation mail (the one with the current
// link); NotFound if the candidate was never invited by email.
func (r *Repository) LatestInvitation(ctx context.Context, orgID, candidateID string) (assess.Mail, error) {
	if !okID(candidateID) {
		return assess.Mail{}, notFound()
	}
	items, err := r.queryAll(ctx, Query{PK: "CAND#" + candidateID, SKPrefix: "MAIL#invitation#", Reverse: true})
	if err != nil {
		return assess.Mail{}, err
	}
	for _, it := range items {
		m, err := fromMailItem(it)
		if err != nil {
			return assess.Mail{}, err
		}
		if m.OrgID == orgID {
			return m, nil
		}
	}
	return assess.Mail{}, notFound()
}

// Mails lists the mails about one candidate of orgID (for tests and tools).
func (r *Repository) Mails(ctx context.Context, orgID, candidateID string) ([]assess.Mail, error) {
	if !okID(candidateID) {
		return nil, nil
	}
	items, err := r.queryAll(ctx, Query{PK: "CAND#" + candidateID, SKPrefix: "MAIL#"})
	if err != nil {
		return nil, err
	}
	return decodeAll(items, fromMailItem, func(m assess.Mail) bool { return m.OrgID == orgID })
}

// ---------------------------------------------------------------- digest windows

// newsTTL bounds a window or an entry that no timer closed (a misconfigured timer): the
// next window's digest takes the entries left over.
const newsTTL = 24 * time.Hour

func newsWindowKey(asmt string) Key { return Key{newsPK(asmt), "WINDOW"} }

func newsEntryKey(e assess.NewsEntry) Key {
	return Key{newsPK(e.AssessmentID), fmt.Sprintf("E#%019d#%s", e.CompletedAt.UnixNano(), e.CandidateID)}
}

type newsDoc struct {
	Lead string `json:"lead,omitempty"`
}

// OpenNews opens an assessment's digest window; Conflict if one is open.
func (r *Repository) OpenNews(ctx context.Context, w assess.NewsWindow) error {
	if !okID(w.OrgID) || !okID(w.AssessmentID) || w.Since.IsZero() {
		return badID("digest window", w.AssessmentID)
	}
	it := base(newsWindowKey(w.AssessmentID), typeNewsWindow)
	it[attrOrg], it[attrSince] = w.OrgID, nanos(w.Since)
	it, err := withDoc(it, newsDoc{Lead: w.Lead})
	if err != nil {
		return err
	}
	return r.t.Put(ctx, withTTL(it, w.Since.Add(newsTTL)), Absent())
}

// News reads an assessment's open digest window; NotFound if none is open.
func (r *Repository) News(ctx context.Context, orgID, assessmentID string) (assess.NewsWindow, error) {
	if !okID(orgID) || !okID(assessmentID) {
		return assess.NewsWindow{}, notFound()
	}
	it, err := r.t.Get(ctx, newsWindowKey(assessmentID))
	if err != nil {
		return assess.NewsWindow{}, err
	}
	if it.Str(attrOrg) != orgID {
		return assess.NewsWindow{}, notFound()
	}
	var d newsDoc
	if err := readDoc(it, &d); err != nil {
		return assess.NewsWindow{}, err
	}
	return assess.NewsWindow{OrgID: orgID, AssessmentID: assessmentID, Since: fromNanos(it.Int(attrSince)), Lead: d.Lead}, nil
}

// CloseNews removes the window if it is still the one opened at w.Since.
func (r *Repository) CloseNews(ctx context.Context, w assess.NewsWindow) error {
	if !okID(w.AssessmentID) {
		return badID("digest window", w.AssessmentID)
	}
	err := r.t.Delete(ctx, newsWindowKey(w.AssessmentID), Eq(attrSince, nanos(w.Since)))
	if isCode(err, assess.Conflict) {
		return nil
	}
	return err
}

// AddNews stores a completion for the next digest (again: the same item).
func (r *Repository) AddNews(ctx context.Context, e assess.NewsEntry) error {
	if !okID(e.OrgID) || !okID(e.AssessmentID) || !okID(e.CandidateID) {
		return badID("digest entry", e.CandidateID)
	}
	it := base(newsEntryKey(e), typeNewsEntry)
	it[attrOrg], it[attrSession] = e.OrgID, e.CandidateID
	return r.t.Put(ctx, withTTL(it, e.CompletedAt.Add(newsTTL)), Cond{})
}

// NewsEntries lists the completions waiting for an assessment's digest, oldest first.
func (r *Repository) NewsEntries(ctx context.Context, orgID, assessmentID string) ([]assess.NewsEntry, error) {
	if !okID(orgID) || !okID(assessmentID) {
		return nil, nil
	}
	items, err := r.queryAll(ctx, Query{PK: newsPK(assessmentID), SKPrefix: "E#", Limit: MaxQueryLimit})
	if err != nil {
		return nil, err
	}
	var out []assess.NewsEntry
	for _, it := range items {
		if it.Str(attrOrg) != orgID {
			continue
		}
		var at int64
		if _, err := fmt.Sscanf(it.Str(table.SK), "E#%019d#", &at); err != nil {
			return nil, ErrInternal(fmt.Errorf("store: digest entry key %q: %w", it.Str(table.SK), err))
		}
		out = append(out, assess.NewsEntry{OrgID: orgID, AssessmentID: assessmentID, CandidateID: it.Str(attrSession), CompletedAt: fromNanos(at)})
	}
	return out, nil
}

// DropNews removes an entry once its digest is written.
func (r *Repository) DropNews(ctx context.Context, e assess.NewsEntry) error {
	if !okID(e.AssessmentID) || !okID(e.CandidateID) {
		return badID("digest entry", e.CandidateID)
	}
	return r.t.Delete(ctx, newsEntryKey(e), Cond{})
}
