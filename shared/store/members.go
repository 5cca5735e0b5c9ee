package store

import (
	"context"
	"sort"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// A member is one item at USER#<user id>: the identity provider's user id is what a
// signed-in request carries, so resolving a person to their organisation and role is one
// GetItem. GSI1 lists an organisation's members (ORG#<org>, USER#<user id>).

const typeMember = "member"

func memberKey(userID string) Key { return Key{"USER#" + userID, "MEMBER"} }

type memberDoc struct {
	Email     string       `json:"email"`
	Role      assess.Role  `json:"role"`
	Status    string       `json:"status"`
	CreatedAt int64        `json:"ct,omitempty"`
	InvitedBy assess.Actor `json:"by"`
}

func toMemberItem(m assess.Member) (Item, error) {
	it := base(memberKey(m.UserID), typeMember)
	it[table.GSI1PK], it[table.GSI1SK] = orgParent(m.OrgID), "USER#"+m.UserID
	it[attrOrg] = m.OrgID
	it[attrStatus] = string(m.Status)
	return withDoc(it, memberDoc{Email: m.Email, Role: m.Role, Status: string(m.Status), CreatedAt: nanos(m.CreatedAt), InvitedBy: m.InvitedBy})
}

func fromMemberItem(it Item) (assess.Member, error) {
	var d memberDoc
	if err := readDoc(it, &d); err != nil {
		return assess.Member{}, err
	}
	status := assess.MemberStatus(it.Str(attrStatus))
	if status == "" {
		status = assess.MemberStatus(d.Status)
	}
	pk := it.Str(table.PK)
	return assess.Member{UserID: pk[len("USER#"):], OrgID: it.Str(attrOrg), Email: d.Email, Role: d.Role,
		Status: status, CreatedAt: fromNanos(d.CreatedAt), InvitedBy: d.InvitedBy}, nil
}

// CreateMember stores a new member; Conflict if the user already belongs to an
// organisation.
func (r *Repository) CreateMember(ctx context.Context, m assess.Member) error {
	if !okID(m.UserID) || !okID(m.OrgID) {
		return badID("member", m.UserID)
	}
	it, err := toMemberItem(m)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Absent())
}

// Member is the membership of a user id (any organisation's: the caller learns which).
func (r *Repository) Member(ctx context.Context, userID string) (assess.Member, error) {
	if !okID(userID) {
		return assess.Member{}, notFound()
	}
	it, err := r.t.Get(ctx, memberKey(userID))
	if err != nil {
		return assess.Member{}, err
	}
	return fromMemberItem(it)
}

// Members lists an organisation's members, oldest first.
func (r *Repository) Members(ctx context.Context, orgID string) ([]assess.Member, error) {
	if !okID(orgID) {
		return nil, nil
	}
	items, err := r.indexed(ctx, orgParent(orgID), "USER#", nil)
	if err != nil {
		return nil, err
	}
	out, err := decodeAll(items, fromMemberItem, func(m assess.Member) bool { return m.OrgID == orgID })
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return before(out[i].CreatedAt, out[j].CreatedAt, out[i].UserID, out[j].UserID) })
	return out, nil
}

// PutMember rewrites a member of orgID (role, status); NotFound if the user is not one of
// that organisation's.
func (r *Repository) PutMember(ctx context.Context, m assess.Member) error {
	if !okID(m.UserID) || !okID(m.OrgID) {
		return notFound()
	}
	it, err := toMemberItem(m)
	if err != nil {
		return err
	}
	err = r.t.Put(ctx, it, Eq(attrOrg, m.OrgID))
	if isCode(err, assess.Conflict) {
		return notFound()
	}
	return err
}

// DeleteMember removes a member of orgID; NotFound if there is none.
func (r *Repository) DeleteMember(ctx context.Context, orgID, userID string) error {
	if !okID(orgID) || !okID(userID) {
		return notFound()
	}
	err := r.t.Delete(ctx, memberKey(userID), Eq(attrOrg, orgID))
	if isCode(err, assess.Conflict) {
		return notFound()
	}
	return err
}
