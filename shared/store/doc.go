// Package store is Shortlist's storage: one table in a single-table design, the narrow
// port that reaches it (Table), and the repository written once over that port
// (Repository, which implements assess.Repo plus what scoring, reports, audit and the
// admin CLI need). Adapters: shared/store/dynamo (DynamoDB) and shared/store/bolt
// (embedded, the dev server's default); shared/store/storetest is the conformance suite
// both pass; shared/store/table is the table's shape, shared with the CDK stack.
//
// # Items
//
// Every item has pk, sk and typ; the fields a condition or a lookup needs are top-level
// attributes (status, ver, tok, sid, org, rev); everything else is one JSON blob, doc,
// written by a named converter (toSessionItem, fromSessionItem, ...). Domain types carry no
// storage tags. Times are Unix nanoseconds, so what is read equals what was written.
// IDs in keys must be non-empty and free of '#' (assess.NewID's are): a lookup by any
// other id is NotFound without a read, a write of one is Internal.
//
// # Keys and access patterns
//
//	entity / access pattern                   pk                  sk                    GSI1 (gsi1pk / gsi1sk)
//	organisation by id                        ORG#<org>           ORG
//	API key by hash (every HR request)        KEY#<hash>          KEY                   ORG#<org> / KEY#<keyID>
//	API keys of an organisation               GSI1 ORG#<org>, prefix KEY#
//	assessment by (org, id)                   ORG#<org>           ASMT#<id>
//	assessments of an organisation            ORG#<org>, prefix ASMT#
//	candidate (invite) by id                  CAND#<id>           CAND                  ASMT#<asmt> / CAND#<id>
//	candidate by invite-token hash            CTOK#<hash>         CTOK   → cid, then the candidate
//	candidates of an assessment               GSI1 ASMT#<asmt>, prefix CAND#, then BatchGet
//	session by id                             SESS#<id>           SESS
//	session by session-token hash             STOK#<hash>         STOK   → sid, then the session (its tok must match)
//	session by candidate                      the candidate's sid attribute
//	sessions of an assessment (with status)   candidates of the assessment, then BatchGet of their sessions
//	answer batch by (session, seq)            SESS#<sid>          BATCH#<seq, 9 digits>
//	answer batches of a session, in order     SESS#<sid>, prefix BATCH#
//	result of a session                       SESS#<sid>          RESULT                ASMT#<asmt> / RES#<sid>
//	results of an assessment (cohort)         GSI1 ASMT#<asmt>, prefix RES#, then BatchGet
//	pending scoring, oldest first (sweeper)   PEND#scoring        <completedAt ns, 19 digits>#<sid>
//	report record by (org, assessment, id)    ORG#<org>           REP#<asmt>#<id>
//	reports of an assessment                  ORG#<org>, prefix REP#<asmt>#
//	audit events of an organisation, newest   AUDIT#<org>         <at ns, 19 digits>#<id>   (queried in reverse)
//	idempotency record                        IDEM#<scope>#<key>  IDEM
//	decision history of a candidate           CAND#<cid>          DEC#<at ns>           ASMT#<asmt> / DEC#<cid>#<at ns>
//	decisions of an assessment                GSI1 ASMT#<asmt>, prefix DEC#, then BatchGet
//	self-identification (apart from answers)  SELF#<asmt>         <sid>
//	instrument version snapshot               SNAP#<instr>#<hash> SNAP
//	cohort report request (stream → reports)  ORG#<org>           CREQ#<asmt>#<pdf id>#<csv id>
//
// GSI1 projects the keys and the expiry only. An index entry is rewritten (and billed)
// whenever a projected attribute changes; with keys and expiry, linking a candidate to its
// session or revoking a key never writes the index, and lists pay with a BatchGet of up to
// 100 strongly consistent reads instead. Sessions are in no index at all: their ten or so
// writes per candidate stay one write unit each (a session item is well under 1 KB).
//
// # Costs (write units, measured by the dynamo package's TestCapacity)
//
// An autosave is one new BATCH item of under 1 KB: 1 unit, never a rewrite of a growing
// item. Opening a session is three plain writes (token pointer, session, candidate link):
// 3 units; each section start or finish rewrites the session item: 1 unit; completion is
// one two-item transaction (session + pending marker): 4 units. A 120-answer, five-section
// session: 29 units.
//
// # Expiry
//
// Items with a TTL (table.TTL, epoch seconds) are invisible from that second on, to reads
// and to conditions alike, in both adapters: DynamoDB deletes late and DynamoDB Local never.
// Session-token pointers expire with their session; idempotency records, audit events,
// results and report records carry the expiry their entity gives. Every item about a
// candidate (invite, token pointer, session, answer batches, result, decisions,
// self-identification) carries the candidate's retention date (assess.RetainUntil), so a
// candidate past it is unreadable at once everywhere.
//
// # Consistency without transactions where they cost double
//
// DynamoDB bills a transactional write twice. Completion and the end of scoring (session
// scored, marker removed) use transactions because their items must change together; the
// result itself is written before, on its own, gzipped, and a rerun finds it. Invites are
// plain conditional puts undone on failure. Opening a session does not need one: it writes
// the token pointer, then the session, then links the candidate with a condition that it
// has no session yet. Readers reach a session only through that link or its token, so a
// crash before the link leaves an unreachable item, not a half-made session; a lost race on
// the link deletes what it wrote and reports Conflict.
package store
