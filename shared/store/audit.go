package store

import (
	"context"

	"shortlist/shared/assess"
)

// AppendAudit records an event; appending the same event (org, time, id) twice is a no-op.
func (r *Repository) AppendAudit(ctx context.Context, e assess.AuditEvent) error {
	if !okID(e.OrgID) || !okID(e.ID) || e.At.IsZero() {
		return badID("audit event", e.ID)
	}
	it, err := toAuditItem(e)
	if err != nil {
		return err
	}
	err = r.t.Put(ctx, it, Absent())
	if isCode(err, assess.Conflict) {
		return nil
	}
	return err
}

// AuditEvents lists an organisation's events, newest first, one page at a time.
func (r *Repository) AuditEvents(ctx context.Context, orgID, cursor string, limit int) ([]assess.AuditEvent, string, error) {
	if !okID(orgID) {
		return nil, "", nil
	}
	page, err := r.t.Query(ctx, Query{PK: "AUDIT#" + orgID, Cursor: cursor, Limit: limit, Reverse: true})
	if err != nil {
		return nil, "", err
	}
	out, err := decodeAll(page.Items, fromAuditItem, nil)
	if err != nil {
		return nil, "", err
	}
	return out, page.Cursor, nil
}
