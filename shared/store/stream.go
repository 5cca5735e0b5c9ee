package store

import (
	"strings"

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
