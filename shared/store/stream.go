package store

import "strings"

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
