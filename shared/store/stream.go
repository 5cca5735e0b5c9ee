package store

import (
	"fmt"
	"strings"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// PendingSessionID reads the session id from the key of a pending-scoring marker, as a
// table stream delivers it; ok is false for any other item. The scoring function uses it
// to react only to completions.
func PendingSessionID(pk, sk string) (sessionID string, ok bool) {
	if pk != pendingPK {
		return "", false
	}
	_, sid, found := strings.Cut(sk, "#")
	return sid, found && okID(sid)
}

// ResultSessionID reads the session id from the key of a stored result (a new result
// is what the reports function renders); ok is false for any other item.
func ResultSessionID(pk, sk string) (sessionID string, ok bool) {
	sid, found := strings.CutPrefix(pk, "SESS#")
	return sid, found && sk == resultKey(sid).SK && okID(sid)
}

// StatusAttribute is the attribute that holds an item's status (a session's, a mail's),
// as a stream's images carry it to NotifyRecord.
const StatusAttribute = attrStatus

// DocAttribute is the attribute that holds an item's JSON doc, as a stream's old image
// carries it to RemovedReportObjects.
const DocAttribute = attrDoc

// RemovedReportObjects reads, from a removed report record as a table stream delivers it
// (its keys and its old image's doc), the object keys of every file the record named: when
// the table's TTL deletes a record at the end of the candidate's retention, or an erasure
// deletes it, the reports function deletes those files. ok is false for any other item.
func RemovedReportObjects(pk, sk string, doc []byte) (objects []string, ok bool) {
	if !strings.HasPrefix(pk, "ORG#") || !strings.HasPrefix(sk, "REP#") || doc == nil {
		return nil, false
	}
	recs, err := fromReportItem(Item{table.PK: pk, table.SK: sk, attrType: typeReport, attrDoc: doc})
	if err != nil {
		return nil, false
	}
	for _, r := range recs {
		// Only files under the record's own organisation: a damaged record cannot name
		// another's.
		if strings.HasPrefix(r.ObjectKey, "orgs/"+r.OrgID+"/") && !strings.ContainsAny(r.ObjectKey, " \t\n") {
			objects = append(objects, r.ObjectKey)
		}
	}
	return objects, len(objects) > 0
}

// NotifyRecord names what the notify function acts on in a table stream record (its
// event, keys, and the status attribute of its new and old images), as "<what> <ids…>":
//
//	mail <ref>                          a new outbox mail (Repository.Mail reads it)
//	completed <sid>                     a session's move from active to completed
//	scored <sid>                        a new result
//	report <org> <asmt> <report id>     a new report record (a candidate's, or a cohort's)
//	decision <cid> <at ns>              a new decision (Repository.DecisionAt reads it)
//	delivery <org> <endpoint> <id>      a new webhook delivery
//
// ok is false for any other record. The notify function's stream filters (infra) pass
// these records only; this is the same choice in code, for the dev server's stream and
// as a second check.
func NotifyRecord(event, pk, sk, newStatus, oldStatus string) (string, bool) {
	switch event {
	case "MODIFY":
		if sid, ok := strings.CutPrefix(pk, "SESS#"); ok && sk == "SESS" && okID(sid) &&
			newStatus == "completed" && oldStatus == "active" {
			return "completed " + sid, true
		}
	case "INSERT":
		switch {
		case strings.HasPrefix(sk, "MAIL#") && (strings.HasPrefix(pk, "CAND#") || strings.HasPrefix(pk, "NEWS#")):
			return "mail " + pk + "|" + sk, !strings.ContainsAny(pk+sk, " \t\n")
		case strings.HasPrefix(pk, "WHD#"):
			org, ep, ok := strings.Cut(strings.TrimPrefix(pk, "WHD#"), "#")
			return "delivery " + org + " " + ep + " " + sk, ok && okID(org) && okID(ep) && assess.ValidDeliveryID(sk)
		}
		if sid, ok := ResultSessionID(pk, sk); ok {
			return "scored " + sid, true
		}
		if org, ok := strings.CutPrefix(pk, "ORG#"); ok && okID(org) {
			if asmt, id, ok := strings.Cut(strings.TrimPrefix(sk, "REP#"), "#"); ok && strings.HasPrefix(sk, "REP#") && okID(asmt) && okID(id) {
				return "report " + org + " " + asmt + " " + id, true
			}
		}
		if cid, ok := strings.CutPrefix(pk, "CAND#"); ok && okID(cid) {
			var at int64
			if n, err := fmt.Sscanf(sk, "DEC#%019d", &at); err == nil && n == 1 && sk == decisionKey(cid, at).SK {
				return fmt.Sprintf("decision %s %d", cid, at), true
			}
		}
	}
	return "", false
}
