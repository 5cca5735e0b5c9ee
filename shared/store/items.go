package store

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// Attribute names beyond the table's keys (table.PK, ...). Short: DynamoDB bills bytes.
const (
	attrType    = "typ"
	attrDoc     = "doc"
	attrOrg     = "org"
	attrStatus  = "status"
	attrVersion = "ver"
	attrToken   = "tok" // a session's current token hash
	attrSession = "sid"
	attrRevoked = "rev"
	// attrData holds a gzipped JSON document, for items whose JSON would pass a write
	// unit (1 KB) uncompressed: DynamoDB bills a write by the item's kilobytes, and the
	// JSON compresses about fourfold.
	attrData = "dz"
)

// Item types (typ): a stream consumer can filter on them.
const (
	typeOrg       = "org"
	typeAPIKey    = "key"
	typeAsmt      = "asmt"
	typeCandidate = "cand"
	typeSession   = "sess"
	typeBatch     = "batch"
	typePending   = "pend"
	typeResult    = "res"
	typeReport    = "rep"
	typeAudit     = "audit"
	typeIdem      = "idem"
	typeLogo      = "logo"
)

// Key builders: the only place key strings are spelled.

func orgKey(org string) Key              { return Key{"ORG#" + org, "ORG"} }
func logoKey(org string) Key             { return Key{"ORG#" + org, "LOGO"} }
func apiKeyKey(hash string) Key          { return Key{"KEY#" + hash, "KEY"} }
func assessmentKey(org, id string) Key   { return Key{"ORG#" + org, "ASMT#" + id} }
func candidateKey(id string) Key         { return Key{"CAND#" + id, "CAND"} }
func sessionKey(id string) Key           { return Key{"SESS#" + id, "SESS"} }
func batchKey(sid string, seq int) Key   { return Key{"SESS#" + sid, fmt.Sprintf("BATCH#%09d", seq)} }
func resultKey(sid string) Key           { return Key{"SESS#" + sid, "RESULT"} }
func reportKey(org, asmt, id string) Key { return Key{"ORG#" + org, "REP#" + asmt + "#" + id} }
func idemKey(scope, key string) Key      { return Key{"IDEM#" + scope + "#" + key, "IDEM"} }

const pendingPK = "PEND#scoring"

func pendingKey(sid string, completedAt time.Time) Key {
	return Key{pendingPK, fmt.Sprintf("%019d#%s", completedAt.UnixNano(), sid)}
}

func auditKey(org string, at time.Time, id string) Key {
	return Key{"AUDIT#" + org, fmt.Sprintf("%019d#%s", at.UnixNano(), id)}
}

// Parents in GSI1.
func orgParent(org string) string { return "ORG#" + org }
func asmtParent(id string) string { return "ASMT#" + id }

// okID says whether id can go into a key: non-empty, no '#' (the separator), no NUL.
func okID(id string) bool {
	return id != "" && len(id) <= 256 && !strings.ContainsAny(id, "#\x00")
}

// Times are Unix nanoseconds, 0 for the zero time, read back in UTC.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// base starts an item of type typ at k.
func base(k Key, typ string) Item {
	return Item{table.PK: k.PK, table.SK: k.SK, attrType: typ}
}

// withTTL sets the TTL attribute when t is set. TTL is in seconds, rounded up, so an item
// never disappears before its time.
func withTTL(it Item, t time.Time) Item {
	if !t.IsZero() {
		s := t.Unix()
		if t.Nanosecond() > 0 {
			s++
		}
		it[table.TTL] = s
	}
	return it
}

// withDoc stores doc as the item's JSON blob. Marshalling fails only on a malformed
// json.RawMessage from the caller: that is a bug upstream, Internal here.
func withDoc(it Item, doc any) (Item, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, ErrInternal(fmt.Errorf("store: encoding %s item: %w", it.Str(attrType), err))
	}
	it[attrDoc] = b
	return it, nil
}

// withTTLErr is withTTL after withDoc.
func withTTLErr(it Item, err error, t time.Time) (Item, error) {
	if err != nil {
		return nil, err
	}
	return withTTL(it, t), nil
}

// gz compresses a blob (best compression: items are written once and read a few times).
func gz(b []byte) ([]byte, error) {
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		return nil, ErrInternal(err)
	}
	if err := zw.Close(); err != nil {
		return nil, ErrInternal(err)
	}
	return z.Bytes(), nil
}

// gunzip reverses gz, reading at most 1 MiB.
// gzReaders keeps gzip readers for reuse: a full cohort read decompresses 100,000 results,
// and a fresh reader each time was 4 GB of allocation (measured by the cohort bench).
var gzReaders sync.Pool

func gunzip(z []byte) ([]byte, error) {
	zr, _ := gzReaders.Get().(*gzip.Reader)
	var err error
	if zr == nil {
		zr, err = gzip.NewReader(bytes.NewReader(z))
	} else {
		err = zr.Reset(bytes.NewReader(z))
	}
	if err != nil {
		return nil, err
	}
	defer gzReaders.Put(zr)
	return io.ReadAll(io.LimitReader(zr, 1<<20))
}

// withZDoc is withDoc, gzipped into attrData: for items whose JSON would pass 1 KB (a
// write unit) uncompressed.
func withZDoc(it Item, doc any) (Item, error) {
	it, err := withDoc(it, doc)
	if err != nil {
		return nil, err
	}
	z, err := gz(it.Bytes(attrDoc))
	if err != nil {
		return nil, err
	}
	delete(it, attrDoc)
	it[attrData] = z
	return it, nil
}

// readZDoc reads what withZDoc wrote.
func readZDoc(it Item, doc any) error {
	raw, err := gunzip(it.Bytes(attrData))
	if err == nil {
		err = json.Unmarshal(raw, doc)
	}
	if err != nil {
		return ErrInternal(fmt.Errorf("store: decoding %s item %s/%s: %w", it.Str(attrType), it.Str(table.PK), it.Str(table.SK), err))
	}
	return nil
}

func readDoc(it Item, doc any) error {
	if err := json.Unmarshal(it.Bytes(attrDoc), doc); err != nil {
		return ErrInternal(fmt.Errorf("store: decoding %s item %s/%s: %w", it.Str(attrType), it.Str(table.PK), it.Str(table.SK), err))
	}
	return nil
}

// --- organisation

type orgDoc struct {
	Name       string        `json:"n"`
	CreatedAt  int64         `json:"ct,omitempty"`
	Retention  int           `json:"ret,omitempty"`
	Notice     assess.Notice `json:"ntc,omitempty"`
	GroupField assess.Notice `json:"grp,omitempty"`
	Display    string        `json:"dn,omitempty"`
	Accent     string        `json:"ac,omitempty"`
	Logo       *logoRefDoc   `json:"logo,omitempty"`
}

type logoRefDoc struct {
	Type string `json:"t"`
	Hash string `json:"h"`
	Size int    `json:"n"`
}

func toOrgItem(o assess.Organisation) (Item, error) {
	d := orgDoc{Name: o.Name, CreatedAt: nanos(o.CreatedAt), Retention: o.RetentionDays, Notice: o.Notice, GroupField: o.GroupField,
		Display: o.DisplayName, Accent: o.AccentColor}
	if o.Logo.Type != "" {
		d.Logo = &logoRefDoc{o.Logo.Type, o.Logo.Hash, o.Logo.Size}
	}
	return withDoc(base(orgKey(o.ID), typeOrg), d)
}

func fromOrgItem(it Item) (assess.Organisation, error) {
	var d orgDoc
	if err := readDoc(it, &d); err != nil {
		return assess.Organisation{}, err
	}
	o := assess.Organisation{ID: strings.TrimPrefix(it.Str(table.PK), "ORG#"), Name: d.Name,
		CreatedAt: fromNanos(d.CreatedAt), RetentionDays: d.Retention, Notice: d.Notice, GroupField: d.GroupField}
	o.DisplayName, o.AccentColor = d.Display, d.Accent
	if d.Logo != nil {
		o.Logo = assess.LogoRef{Type: d.Logo.Type, Hash: d.Logo.Hash, Size: d.Logo.Size}
	}
	return o, nil
}

// --- API key

type apiKeyDoc struct {
	ID        string      `json:"id"`
	Label     string      `json:"l,omitempty"`
	Role      assess.Role `json:"r,omitempty"`
	CreatedAt int64       `json:"ct,omitempty"`
}

func toAPIKeyItem(k assess.APIKey) (Item, error) {
	it := base(apiKeyKey(k.Hash), typeAPIKey)
	it[table.GSI1PK], it[table.GSI1SK] = orgParent(k.OrgID), "KEY#"+k.ID
	it[attrOrg] = k.OrgID
	if !k.RevokedAt.IsZero() {
		it[attrRevoked] = nanos(k.RevokedAt)
	}
	return withDoc(it, apiKeyDoc{ID: k.ID, Label: k.Label, Role: k.Role, CreatedAt: nanos(k.CreatedAt)})
}

func fromAPIKeyItem(it Item) (assess.APIKey, error) {
	var d apiKeyDoc
	if err := readDoc(it, &d); err != nil {
		return assess.APIKey{}, err
	}
	role := d.Role
	if role == "" {
		role = assess.RoleOwner // keys made before roles existed could do everything
	}
	return assess.APIKey{ID: d.ID, OrgID: it.Str(attrOrg), Hash: strings.TrimPrefix(it.Str(table.PK), "KEY#"),
		Label: d.Label, Role: role, CreatedAt: fromNanos(d.CreatedAt), RevokedAt: fromNanos(it.Int(attrRevoked))}, nil
}

// --- assessment: the frozen configuration is kept as the JSON the domain defines.

type assessmentDoc struct {
	Config         json.RawMessage `json:"cfg"`
	ContentVersion string          `json:"cv,omitempty"`
	CreatedAt      int64           `json:"ct,omitempty"`
}

func toAssessmentItem(a assess.Assessment) (Item, error) {
	cfg, err := json.Marshal(a.Config)
	if err != nil {
		return nil, ErrInternal(fmt.Errorf("store: assessment config: %w", err))
	}
	it := base(assessmentKey(a.OrgID, a.ID), typeAsmt)
	return withDoc(it, assessmentDoc{Config: cfg, ContentVersion: a.Config.ContentVersion, CreatedAt: nanos(a.CreatedAt)})
}

func fromAssessmentItem(it Item) (assess.Assessment, error) {
	var d assessmentDoc
	if err := readDoc(it, &d); err != nil {
		return assess.Assessment{}, err
	}
	a := assess.Assessment{ID: strings.TrimPrefix(it.Str(table.SK), "ASMT#"),
		OrgID: strings.TrimPrefix(it.Str(table.PK), "ORG#"), CreatedAt: fromNanos(d.CreatedAt)}
	if err := json.Unmarshal(d.Config, &a.Config); err != nil {
		return assess.Assessment{}, ErrInternal(fmt.Errorf("store: assessment %s config: %w", a.ID, err))
	}
	return a, nil
}

// --- candidate (the invite)

type candidateDoc struct {
	AssessmentID string  `json:"asmt"`
	TokenHash    string  `json:"th"`
	Name         string  `json:"n,omitempty"`
	Email        string  `json:"e,omitempty"`
	ExternalID   string  `json:"x,omitempty"`
	ExtraTime    float64 `json:"xt,omitempty"`
	CreatedAt    int64   `json:"ct,omitempty"`
	ExpiresAt    int64   `json:"ex,omitempty"`
	ByEmail      bool    `json:"m,omitempty"`
	EmailStatus  string  `json:"es,omitempty"`
	EmailAt      int64   `json:"esa,omitempty"`
}

func toCandidateItem(c assess.Candidate) (Item, error) {
	it := base(candidateKey(c.ID), typeCandidate)
	it[table.GSI1PK], it[table.GSI1SK] = asmtParent(c.AssessmentID), "CAND#"+c.ID
	it[attrOrg] = c.OrgID
	it, err := withDoc(it, candidateDoc{AssessmentID: c.AssessmentID, TokenHash: c.TokenHash, Name: c.Name,
		Email: c.Email, ExternalID: c.ExternalID, ExtraTime: c.ExtraTime,
		CreatedAt: nanos(c.CreatedAt), ExpiresAt: nanos(c.ExpiresAt), ByEmail: c.ByEmail,
		EmailStatus: c.EmailStatus, EmailAt: nanos(c.EmailStatusAt)})
	return withTTLErr(it, err, c.RetainUntil)
}

func fromCandidateItem(it Item) (assess.Candidate, error) {
	var d candidateDoc
	if err := readDoc(it, &d); err != nil {
		return assess.Candidate{}, err
	}
	return assess.Candidate{ID: strings.TrimPrefix(it.Str(table.PK), "CAND#"), OrgID: it.Str(attrOrg),
		AssessmentID: d.AssessmentID, TokenHash: d.TokenHash, Name: d.Name, Email: d.Email,
		ExternalID: d.ExternalID, ExtraTime: d.ExtraTime, CreatedAt: fromNanos(d.CreatedAt),
		ExpiresAt: fromNanos(d.ExpiresAt), RetainUntil: ttlOf(it), ByEmail: d.ByEmail,
		EmailStatus: d.EmailStatus, EmailStatusAt: fromNanos(d.EmailAt)}, nil
}

// --- session

type sectionDoc struct {
	StartedAt  int64 `json:"s,omitempty"`
	Deadline   int64 `json:"d,omitempty"`
	FinishedAt int64 `json:"f,omitempty"`
}

type sessionDoc struct {
	OrgID          string       `json:"org"`
	AssessmentID   string       `json:"asmt"`
	CandidateID    string       `json:"cand"`
	ExtraTime      float64      `json:"xt,omitempty"`
	Seed           int64        `json:"seed,omitempty"`
	Sections       []sectionDoc `json:"sec,omitempty"`
	NoticeVersion  string       `json:"nv,omitempty"`
	AcknowledgedAt int64        `json:"ack,omitempty"`
	StartedAt      int64        `json:"st,omitempty"`
	CompletedAt    int64        `json:"done,omitempty"`
	ExpiresAt      int64        `json:"ex,omitempty"`
}

func toSessionItem(s assess.Session) (Item, error) {
	it := base(sessionKey(s.ID), typeSession)
	it[attrStatus] = string(s.Status)
	it[attrVersion] = s.Version
	it[attrToken] = s.TokenHash
	d := sessionDoc{OrgID: s.OrgID, AssessmentID: s.AssessmentID, CandidateID: s.CandidateID,
		ExtraTime: s.ExtraTime, Seed: s.Seed, NoticeVersion: s.NoticeVersion,
		AcknowledgedAt: nanos(s.AcknowledgedAt), StartedAt: nanos(s.StartedAt),
		CompletedAt: nanos(s.CompletedAt), ExpiresAt: nanos(s.ExpiresAt)}
	for _, sec := range s.Sections {
		d.Sections = append(d.Sections, sectionDoc{nanos(sec.StartedAt), nanos(sec.Deadline), nanos(sec.FinishedAt)})
	}
	it, err := withDoc(it, d)
	return withTTLErr(it, err, s.RetainUntil)
}

func fromSessionItem(it Item) (assess.Session, error) {
	var d sessionDoc
	if err := readDoc(it, &d); err != nil {
		return assess.Session{}, err
	}
	s := assess.Session{ID: strings.TrimPrefix(it.Str(table.PK), "SESS#"), OrgID: d.OrgID,
		AssessmentID: d.AssessmentID, CandidateID: d.CandidateID, TokenHash: it.Str(attrToken),
		Status: assess.SessionStatus(it.Str(attrStatus)), ExtraTime: d.ExtraTime, Seed: d.Seed,
		NoticeVersion: d.NoticeVersion, AcknowledgedAt: fromNanos(d.AcknowledgedAt),
		StartedAt: fromNanos(d.StartedAt), CompletedAt: fromNanos(d.CompletedAt),
		ExpiresAt: fromNanos(d.ExpiresAt), Version: it.Int(attrVersion), RetainUntil: ttlOf(it)}
	if d.Sections != nil {
		s.Sections = make([]assess.SectionState, len(d.Sections))
		for i, sec := range d.Sections {
			s.Sections[i] = assess.SectionState{StartedAt: fromNanos(sec.StartedAt),
				Deadline: fromNanos(sec.Deadline), FinishedAt: fromNanos(sec.FinishedAt)}
		}
	}
	return s, nil
}

// --- answer batch: short JSON names, gzipped, because a batch of the site's 20 answers
// must stay under 1 KB (one write unit).

type answerDoc struct {
	Item  string          `json:"i"`
	Value json.RawMessage `json:"v"`
	MS    int             `json:"t,omitempty"`
}

type eventDoc struct {
	Type string `json:"k"`
	Item string `json:"i,omitempty"`
	AtMS int64  `json:"t"`
}

type batchDoc struct {
	Section    int         `json:"sec"`
	Answers    []answerDoc `json:"a,omitempty"`
	Events     []eventDoc  `json:"e,omitempty"`
	ReceivedAt int64       `json:"at,omitempty"`
}

func toBatchItem(b assess.AnswerBatch) (Item, error) {
	d := batchDoc{Section: b.Section, ReceivedAt: nanos(b.ReceivedAt)}
	for _, a := range b.Answers {
		d.Answers = append(d.Answers, answerDoc{a.Item, a.Value, a.MS})
	}
	for _, e := range b.Events {
		d.Events = append(d.Events, eventDoc{e.Type, e.Item, e.AtMS})
	}
	it, err := withZDoc(base(batchKey(b.SessionID, b.Seq), typeBatch), d)
	return withTTLErr(it, err, b.RetainUntil)
}

func fromBatchItem(it Item) (assess.AnswerBatch, error) {
	var d batchDoc
	if err := readZDoc(it, &d); err != nil {
		return assess.AnswerBatch{}, err
	}
	var seq int
	if _, err := fmt.Sscanf(it.Str(table.SK), "BATCH#%d", &seq); err != nil {
		return assess.AnswerBatch{}, ErrInternal(fmt.Errorf("store: batch key %q: %w", it.Str(table.SK), err))
	}
	b := assess.AnswerBatch{SessionID: strings.TrimPrefix(it.Str(table.PK), "SESS#"), Seq: seq,
		Section: d.Section, ReceivedAt: fromNanos(d.ReceivedAt), RetainUntil: ttlOf(it)}
	for _, a := range d.Answers {
		b.Answers = append(b.Answers, assess.Answer{Item: a.Item, Value: a.Value, MS: a.MS})
	}
	for _, e := range d.Events {
		b.Events = append(b.Events, assess.ClientEvent{Type: e.Type, Item: e.Item, AtMS: e.AtMS})
	}
	return b, nil
}

// --- pending scoring marker: no TTL, it must never vanish on its own.

type pendingDoc struct {
	OrgID        string `json:"org"`
	AssessmentID string `json:"asmt"`
	CompletedAt  int64  `json:"done"`
}

func toPendingItem(s assess.Session) (Item, error) {
	it := base(pendingKey(s.ID, s.CompletedAt), typePending)
	it[attrSession] = s.ID
	return withDoc(it, pendingDoc{OrgID: s.OrgID, AssessmentID: s.AssessmentID, CompletedAt: nanos(s.CompletedAt)})
}

func fromPendingItem(it Item) (assess.PendingScoring, error) {
	var d pendingDoc
	if err := readDoc(it, &d); err != nil {
		return assess.PendingScoring{}, err
	}
	return assess.PendingScoring{SessionID: it.Str(attrSession), OrgID: d.OrgID,
		AssessmentID: d.AssessmentID, CompletedAt: fromNanos(d.CompletedAt)}, nil
}

// ttlOf reads an item's expiry back (to the second).
func ttlOf(it Item) time.Time {
	if s := it.Int(table.TTL); s != 0 {
		return time.Unix(s, 0).UTC()
	}
	return time.Time{}
}

// --- report record

type reportDoc struct {
	ID        string `json:"id,omitempty"` // a companion's own id (the first record's is in the key)
	SessionID string `json:"sid,omitempty"`
	Kind      string `json:"k"`
	Format    string `json:"f"`
	ObjectKey string `json:"obj"`
	Size      int64  `json:"sz,omitempty"`
	SHA256    string `json:"sha,omitempty"`
	CreatedAt int64  `json:"ct,omitempty"`
	Filename  string `json:"fn,omitempty"`
	// Also holds the records rendered together with the first (a candidate's report and
	// feedback, a cohort's PDF and CSV): one item, one write unit, for all of them.
	Also []reportDoc `json:"also,omitempty"`
}

func toReportDoc(r assess.ReportRecord) reportDoc {
	return reportDoc{SessionID: r.SessionID, Kind: r.Kind, Format: r.Format, ObjectKey: r.ObjectKey,
		Size: r.Size, SHA256: r.SHA256, CreatedAt: nanos(r.CreatedAt), Filename: r.Filename}
}

// toReportItem stores recs (which share organisation, assessment and retention) as one
// item under the first one's id.
func toReportItem(recs []assess.ReportRecord) (Item, error) {
	lead := recs[0]
	d := toReportDoc(lead)
	for _, r := range recs[1:] {
		if r.OrgID != lead.OrgID || r.AssessmentID != lead.AssessmentID || !r.RetainUntil.Equal(lead.RetainUntil) || !okID(r.ID) {
			return nil, ErrInternal(fmt.Errorf("store: report %s cannot share an item with %s", r.ID, lead.ID))
		}
		c := toReportDoc(r)
		c.ID = r.ID
		d.Also = append(d.Also, c)
	}
	it, err := withDoc(base(reportKey(lead.OrgID, lead.AssessmentID, lead.ID), typeReport), d)
	return withTTLErr(it, err, lead.RetainUntil)
}

// fromReportItem reads back every record an item holds, the first one first.
func fromReportItem(it Item) ([]assess.ReportRecord, error) {
	var d reportDoc
	if err := readDoc(it, &d); err != nil {
		return nil, err
	}
	rest := strings.TrimPrefix(it.Str(table.SK), "REP#")
	asmt, id, _ := strings.Cut(rest, "#")
	org, retain := strings.TrimPrefix(it.Str(table.PK), "ORG#"), ttlOf(it)
	d.ID = id
	out := make([]assess.ReportRecord, 0, 1+len(d.Also))
	for _, x := range append([]reportDoc{d}, d.Also...) {
		out = append(out, assess.ReportRecord{ID: x.ID, OrgID: org, AssessmentID: asmt,
			SessionID: x.SessionID, Kind: x.Kind, Format: x.Format, ObjectKey: x.ObjectKey, Size: x.Size,
			SHA256: x.SHA256, CreatedAt: fromNanos(x.CreatedAt), Filename: x.Filename, RetainUntil: retain})
	}
	return out, nil
}

// --- audit event

type auditDoc struct {
	ID     string            `json:"id"`
	At     int64             `json:"at"`
	Actor  string            `json:"who,omitempty"`
	Action string            `json:"do"`
	Target string            `json:"on,omitempty"`
	Detail map[string]string `json:"d,omitempty"`
}

func toAuditItem(e assess.AuditEvent) (Item, error) {
	it := base(auditKey(e.OrgID, e.At, e.ID), typeAudit)
	it, err := withDoc(it, auditDoc{e.ID, nanos(e.At), e.Actor, e.Action, e.Target, e.Detail})
	return withTTLErr(it, err, e.RetainUntil)
}

func fromAuditItem(it Item) (assess.AuditEvent, error) {
	var d auditDoc
	if err := readDoc(it, &d); err != nil {
		return assess.AuditEvent{}, err
	}
	return assess.AuditEvent{OrgID: strings.TrimPrefix(it.Str(table.PK), "AUDIT#"), ID: d.ID, At: fromNanos(d.At),
		Actor: d.Actor, Action: d.Action, Target: d.Target, Detail: d.Detail, RetainUntil: ttlOf(it)}, nil
}

// --- idempotency record: fields the claim and the finish condition on are top-level.

const (
	attrReqHash = "req"
	attrCode    = "code"
	attrBody    = "body"
	attrCreated = "ct"
)

func toIdemItem(r assess.IdempotencyRecord) Item {
	it := base(idemKey(r.Scope, r.Key), typeIdem)
	it[attrReqHash] = r.RequestHash
	it[attrCode] = int64(r.Status)
	it[attrBody] = append([]byte{}, r.Body...)
	it[attrCreated] = nanos(r.CreatedAt)
	return withTTL(it, r.ExpiresAt)
}

func fromIdemItem(scope, key string, it Item) assess.IdempotencyRecord {
	return assess.IdempotencyRecord{Scope: scope, Key: key, RequestHash: it.Str(attrReqHash),
		Status: int(it.Int(attrCode)), Body: it.Bytes(attrBody), CreatedAt: fromNanos(it.Int(attrCreated)),
		ExpiresAt: ttlOf(it)}
}
