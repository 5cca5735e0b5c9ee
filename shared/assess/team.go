package assess

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"time"
)

// TeamRepo is the storage the team use cases need: members and API keys.
type TeamRepo interface {
	Organisation(ctx context.Context, id string) (Organisation, error)
	CreateMember(ctx context.Context, m Member) error
	Member(ctx context.Context, userID string) (Member, error)
	Members(ctx context.Context, orgID string) ([]Member, error)
	PutMember(ctx context.Context, m Member) error
	DeleteMember(ctx context.Context, orgID, userID string) error
	CreateAPIKey(ctx context.Context, k APIKey) error
	APIKeys(ctx context.Context, orgID string) ([]APIKey, error)
	RevokeAPIKey(ctx context.Context, orgID, keyID string, at time.Time) error
}

// Directory is what the team use cases need of the identity provider (Cognito in AWS, the
// development provider locally): accounts are created, disabled and enabled there; who
// belongs to which organisation, with which role, is ours.
type Directory interface {
	// Invite creates an account for email with a temporary password, which the provider
	// sends (Cognito emails it); it returns the account's user id (the tokens' sub).
	Invite(ctx context.Context, email, temporaryPassword string) (userID string, err error)
	// Disable refuses the account's sign-ins and refreshes from now on.
	Disable(ctx context.Context, userID string) error
	// Enable lets a disabled account sign in again.
	Enable(ctx context.Context, userID string) error
}

// Team manages the people and API keys of organisations, and resolves a signed-in person
// to their organisation and role.
type Team struct {
	Repo      TeamRepo
	Directory Directory // nil: people cannot be invited (API keys only)
	Clock     func() time.Time
}

func (t *Team) now() time.Time {
	if t.Clock != nil {
		return t.Clock().UTC()
	}
	return time.Now().UTC()
}

// Signed is who a signed-in request is: the person, their organisation and role.
type Signed struct {
	Member       Member
	Organisation Organisation
}

// Resolve finds the member a verified identity token names. A person with no membership
// (never invited, or removed) or a disabled one is Unauthorized; the first request of an
// invited person marks them active.
func (t *Team) Resolve(ctx context.Context, userID string) (Signed, error) {
	unauth := Errorf(Unauthorized, "this account belongs to no organisation here (removed, or never invited): ask an owner of your organisation")
	m, err := t.Repo.Member(ctx, userID)
	if CodeOf(err) == NotFound || (err == nil && m.Status == MemberDisabled) {
		return Signed{}, unauth
	}
	if err != nil {
		return Signed{}, err
	}
	org, err := t.Repo.Organisation(ctx, m.OrgID)
	if err != nil {
		return Signed{}, err
	}
	if m.Status == MemberInvited {
		m.Status = MemberActive
		if err := t.Repo.PutMember(ctx, m); err != nil && CodeOf(err) != NotFound {
			return Signed{}, err
		}
	}
	return Signed{Member: m, Organisation: org}, nil
}

// Members lists an organisation's people, oldest first.
func (t *Team) Members(ctx context.Context, orgID string) ([]Member, error) {
	return t.Repo.Members(ctx, orgID)
}

// Invite creates an account for email and makes it a member of orgID with role. The
// provider sends the temporary password; the person sets their own at first sign-in.
func (t *Team) Invite(ctx context.Context, orgID string, by Actor, email string, role Role) (Member, error) {
	email, err := NormaliseEmail(email)
	if err != nil {
		return Member{}, err
	}
	if !role.Valid() {
		return Member{}, FieldError("role", "one of viewer, recruiter, owner")
	}
	if t.Directory == nil {
		return Member{}, Errorf(Unavailable, "people cannot be invited here: this deployment has no identity provider")
	}
	members, err := t.Repo.Members(ctx, orgID)
	if err != nil {
		return Member{}, err
	}
	for _, m := range members {
		if m.Email == email {
			return Member{}, Errorf(Conflict, "%s is already a member of this organisation", email)
		}
	}
	userID, err := t.Directory.Invite(ctx, email, TemporaryPassword())
	if err != nil {
		return Member{}, err
	}
	m := Member{UserID: userID, OrgID: orgID, Email: email, Role: role, Status: MemberInvited, CreatedAt: t.now(), InvitedBy: by}
	if err := t.Repo.CreateMember(ctx, m); err != nil {
		if CodeOf(err) == Conflict {
			return Member{}, Errorf(Conflict, "%s already belongs to an organisation", email)
		}
		return Member{}, err
	}
	return m, nil
}

// ChangeRole gives a member another role. The last owner cannot stop being one: an
// organisation always has someone who can manage it.
func (t *Team) ChangeRole(ctx context.Context, orgID, userID string, role Role) (Member, error) {
	if !role.Valid() {
		return Member{}, FieldError("role", "one of viewer, recruiter, owner")
	}
	m, others, err := t.member(ctx, orgID, userID)
	if err != nil {
		return Member{}, err
	}
	if m.Role == RoleOwner && role != RoleOwner && !others.hasOwner() {
		return Member{}, Errorf(Conflict, "%s is the last owner: make someone else an owner first", m.Email)
	}
	m.Role = role
	if err := t.Repo.PutMember(ctx, m); err != nil {
		return Member{}, err
	}
	return m, nil
}

// Remove disables a member's account and ends their membership: their tokens stop
// working at the next request (membership is checked on every request). The last owner
// cannot be removed.
func (t *Team) Remove(ctx context.Context, orgID, userID string) error {
	m, others, err := t.member(ctx, orgID, userID)
	if err != nil {
		return err
	}
	if m.Role == RoleOwner && !others.hasOwner() {
		return Errorf(Conflict, "%s is the last owner: make someone else an owner first", m.Email)
	}
	if t.Directory != nil {
		if err := t.Directory.Disable(ctx, userID); err != nil {
			return err
		}
	}
	return t.Repo.DeleteMember(ctx, orgID, userID)
}

type memberList []Member

func (l memberList) hasOwner() bool {
	for _, m := range l {
		if m.Role == RoleOwner && m.Status != MemberDisabled {
			return true
		}
	}
	return false
}

// member is one member of orgID and the organisation's other members.
func (t *Team) member(ctx context.Context, orgID, userID string) (Member, memberList, error) {
	all, err := t.Repo.Members(ctx, orgID)
	if err != nil {
		return Member{}, nil, err
	}
	var others memberList
	var found *Member
	for i := range all {
		if all[i].UserID == userID {
			found = &all[i]
		} else {
			others = append(others, all[i])
		}
	}
	if found == nil {
		return Member{}, nil, Errorf(NotFound, "no such member")
	}
	return *found, others, nil
}

// CreateKey makes an API key for an integration, with a label and a role; its secret is
// returned once and never stored.
func (t *Team) CreateKey(ctx context.Context, orgID, label string, role Role) (APIKey, string, error) {
	label = strings.TrimSpace(label)
	if label == "" {
		return APIKey{}, "", FieldError("label", "what the key is for, e.g. “ATS integration” (1 to 100 characters)")
	}
	if !role.Valid() {
		return APIKey{}, "", FieldError("role", "one of viewer, recruiter, owner")
	}
	k, secret, err := NewAPIKey(orgID, label, "", t.now())
	if err != nil {
		return APIKey{}, "", err
	}
	k.Role = role
	if err := t.Repo.CreateAPIKey(ctx, k); err != nil {
		return APIKey{}, "", err
	}
	return k, secret, nil
}

// Keys lists an organisation's API keys, revoked ones included.
func (t *Team) Keys(ctx context.Context, orgID string) ([]APIKey, error) {
	return t.Repo.APIKeys(ctx, orgID)
}

// RevokeKey revokes a key at once.
func (t *Team) RevokeKey(ctx context.Context, orgID, keyID string) error {
	return t.Repo.RevokeAPIKey(ctx, orgID, keyID, t.now())
}

// TemporaryPassword is a first password that meets the pool's policy (upper and lower
// case, digits, a symbol, 16 characters); the person replaces it at first sign-in.
func TemporaryPassword() string {
	const (
		upper  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		lower  = "abcdefghijkmnpqrstuvwxyz"
		digits = "23456789"
		symbol = "!#%+-=?@"
	)
	sets := []string{upper, lower, digits, symbol}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(errors.New("crypto/rand failed: " + err.Error()))
	}
	out := make([]byte, len(b))
	for i, r := range b {
		set := sets[i%len(sets)]
		out[i] = set[int(r)%len(set)]
	}
	return string(out)
}
