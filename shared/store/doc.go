// Package store is Shortlist's storage: one table in a single-table design, the narrow
// port that reaches it (Table), and the repository written once over that port
// (Repository, which implements assess.Repo plus what scoring, reports, audit and the
// admin CLI need). Adapters: shared/store/dynamo (DynamoDB) and shared/store/bolt
// (embedded, the dev server's default); shared/store/storetest is the conformance suite
// both pass; shared/store/table is the table's shape, shared with the CDK stack.
// docs/storage.md describes the design, the costs per request and retention in prose.
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
//	organisation's logo (bytes in img)        ORG#<org>           LOGO
//	API key by hash (every HR request)        KEY#<hash>          KEY                   ORG#<org> / KEY#<keyID>
//	API keys of an organisation               GSI1 ORG#<org>, prefix KEY#
//	member (a person) by user id              USER#<user id>      MEMBER                ORG#<org> / USER#<user id>
//	members of an organisation                GSI1 ORG#<org>, prefix USER#, then BatchGet
//	assessment by (org, id)                   ORG#<org>           ASMT#<id>
//	assessments of an organisation            ORG#<org>, prefix ASMT#
//	candidate (invite) by id                  CAND#<id>           CAND                  ASMT#<asmt> / CAND#<id>
//	candidate by invite token                 the token names the candidate id; its hash must match the item's
//	candidates of an assessment               GSI1 ASMT#<asmt>, prefix CAND#, then BatchGet
//	session by id (= its candidate's id)      SESS#<id>           SESS
//	session by session token                  the token names the session id; its tok must match the hash
//	sessions of an assessment (with status)   candidates of the assessment (GSI1 keys), then BatchGet of SESS#<id>
//	answer batch by (session, seq)            SESS#<sid>          BATCH#<seq, 9 digits>
//	answer batches of a session, in order     SESS#<sid>, prefix BATCH#
//	result of a session                       SESS#<sid>          RESULT   (doc's v: its format version; see resultdoc.go)
//	results of an assessment (cohort)         candidates of the assessment (GSI1 keys), then BatchGet of their RESULTs
//	pending scoring, oldest first (sweeper)   PEND#scoring        <completedAt ns, 19 digits>#<sid>
//	pending candidate reports, oldest first   PEND#report         <completedAt ns, 19 digits>#<sid>   (expires with the candidate)
//	report record by (org, assessment, id)    ORG#<org>           REP#<asmt>#<id>   (files rendered together share the first one's item)
//	reports of an assessment                  ORG#<org>, prefix REP#<asmt>#
//	audit events of an organisation, newest   AUDIT#<org>         <at ns, 19 digits>#<id>   (queried in reverse)
//	idempotency record                        IDEM#<scope>#<key>  IDEM
//	decision history of a candidate           CAND#<cid>          DEC#<at ns>           ASMT#<asmt> / DEC#<cid>#<at ns>
//	decisions of an assessment                GSI1 ASMT#<asmt>, prefix DEC#, then BatchGet
//	self-identification (apart from answers)  SELF#<asmt>         <sid>
//	instrument version snapshot               SNAP#<instr>#<hash> SNAP
//	cohort report request (stream → reports)  ORG#<org>           CREQ#<asmt>#<pdf id>#<csv id>
//	cohort snapshot pointer                   ORG#<org>           COHORT#<asmt>     (ver: the snapshot version)
//	outbox mail about a candidate             CAND#<cid>          MAIL#<kind>#…     (status; see outreach.go)
//	digest window, waiting completions        NEWS#<asmt>         WINDOW, E#<ns>#<cid>, MAIL#<since>#<user>
//	webhook endpoint                          ORG#<org>           WH#<endpoint>     (ver)
//	webhook delivery, newest first            WHD#<org>#<ep>      <hex ms><hash>    (ver, status; see webhooks.go)
//
// GSI1 projects the keys and the expiry only. An index entry is rewritten (and billed)
// whenever a projected attribute changes; with keys and expiry, revoking a key never
// writes the index, and lists pay with a BatchGet of up to 100 eventually consistent reads
// instead. Sessions and results are in no index at all: they have their candidate's id,
// so the candidates' entries find them, and every write of theirs stays one item's units.
//
// Invite and session tokens name their record (assess.NewBoundToken: prefix, id, secret):
// a lookup is one read of that record and a constant-time comparison with the stored hash
// of the whole token, and issuing or rotating a token is part of the record's own write.
// No token-to-record pointer items.
//
// # Costs (write units, measured by the dynamo package's TestCapacity; the whole product
// per candidate by go run ./scripts/bench)
//
// An autosave is one new BATCH item, gzipped, under 1 KB for the site's 20 answers: 1
// unit, never a rewrite of a growing item. Opening a session is one conditional put: 1
// unit; each section start rewrites the session item: 1 unit; completion is the pending
// marker, the session and the assessment's count (an ADD): 3 units. Scoring writes the
// result (gzipped, 2 units for a six-part assessment), the pending-report marker (1), the
// scored session (1) and removes the scoring marker (1). An invite is the candidate item
// and its index entry: 2 units, plus one ADD to the assessment's count per request. A
// candidate's report and feedback are recorded in one item (1 unit), and their
// pending-report marker removed (1).
//
// # Expiry
//
// Items with a TTL (table.TTL, epoch seconds) are invisible from that second on, to reads
// and to conditions alike, in both adapters: DynamoDB deletes late and DynamoDB Local never.
// Idempotency records, audit events, results and report records carry the expiry their
// entity gives. Every item about a candidate (invite, session, answer batches, result,
// decisions, self-identification) carries the candidate's retention date (assess.RetainUntil), so a
// candidate past it is unreadable at once everywhere.
//
// # Consistency without transactions
//
// DynamoDB bills a transactional write twice, so nothing uses one (the port has none); the
// order of plain writes carries the guarantees instead. Completion writes the pending
// marker, then the session: a crash between leaves a marker for a still-active session,
// which the candidate's retry completes (with a marker of its own) and the sweeper drops
// once stale (assess.StaleMarker). Scoring writes the result, then the pending-report
// marker, then the scored session, then removes the scoring marker: a rerun finds the
// result (and writes the report marker again), and a scoring marker left behind is dropped
// by the sweeper (its session is scored). The reports function removes the report marker
// after storing the files and their record; a marker it did not remove (its retries gave
// up, or it died) is the reports sweep's work, which drops it at once when the files turn
// out to be stored. storetest's CrashWindows kills the process at each of these gaps. Invites are plain conditional puts undone on failure. Opening a
// session is one conditional put on the candidate's id: two starts racing cannot both win.
//
// # The cohort: batched per stream batch, not sharded
//
// Scoring reads nothing about other candidates (a result is cohort-independent), so its
// cost does not grow with the cohort. Everything relative to the cohort comes from the
// assessment's cohort snapshot (assess.Cohorts): the view's objects live in the report
// store, and one small pointer item per assessment (COHORT#<asmt>) names the current
// version. The sufficient statistics (per scale: n and the sums of item scores, their
// squares and their products with the total) and the compact rows live in the snapshot's
// state object, not in table items, so there is no aggregate item to become hot.
//
// The pointer is written once per stream batch of results of an assessment (the reports
// function takes up to 1,000 records gathered over 10 s; the dev server's worker takes what
// its queue holds), with a condition on the version it replaces. Batching was chosen over
// sharding because the view needs every member anyway (ranks, percentiles): shards would
// still have to be merged on read, while a batch turns a burst of thousands of
// completions a minute into at most one conditional put every few seconds per assessment
// (far under one item's 1,000 writes a second), and readers read one item, not N shards.
// Concurrent batches (several stream shards) race on the condition; the loser re-reads
// and retries with a short random back-off, writing its objects under its own prefix so
// it never touches the winner's.
package store
