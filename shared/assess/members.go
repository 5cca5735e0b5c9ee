package assess

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Role is what a person or an API key may do in an organisation. Roles are ordered: each
// may do everything the one below it may.
type Role string

const (
	// RoleViewer reads assessments, results, statistics and reports.
	RoleViewer Role = "viewer"
	// RoleRecruiter also creates assessments, invites candidates and records decisions.
	RoleRecruiter Role = "recruiter"
	// RoleOwner also manages settings, people, API keys and erasure.
	RoleOwner Role = "owner"
)

// Roles lists the roles from least to most.
var Roles = []Role{RoleViewer, RoleRecruiter, RoleOwner}

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r may do what min allows. An unknown role may do nothing.
func (r Role) AtLeast(min Role) bool { return r.Valid() && r.rank() >= min.rank() }

// ParseRole reads a role named in a request.
func ParseRole(s string) (Role, error) {
	r := Role(strings.TrimSpace(s))
	if !r.Valid() {
		return "", FieldError("role", "one of viewer, recruiter, owner")
	}
	return r, nil
}

// MemberStatus is where a person is in their membership.
type MemberStatus string

const (
	MemberInvited  MemberStatus = "invited"  // has a temporary password, never signed in
	MemberActive   MemberStatus = "active"   // has signed in
	MemberDisabled MemberStatus = "disabled" // removed by an owner: refused from that moment
)

// Member is a person of an organisation: the identity provider's user (Cognito's sub, or
// the development provider's), their email at the time and their role. A person belongs
// to one organisation.
type Member struct {
	UserID    string
	OrgID     string
	Email     string
	Role      Role
	Status    MemberStatus
	CreatedAt time.Time
	InvitedBy Actor
}

// NormaliseEmail checks an email address and returns it lower-cased.
func NormaliseEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return "", FieldError("email", "a plain email address, such as ana@example.com")
	}
	return s, nil
}

// Actor is who did something: a person (their user id and email at the time) or an API
// key (its id and label). Audit events, decisions, erasures and report links record it,
// never a typed name.
type Actor struct {
	Kind  string `json:"kind"` // "user", "key" or "system"
	ID    string `json:"id"`
	Label string `json:"label"` // the person's email, or the key's label
}

// UserActor and KeyActor name the two kinds of caller.
func UserActor(m Member) Actor { return Actor{Kind: "user", ID: m.UserID, Label: m.Email} }
func KeyActor(k APIKey) Actor  { return Actor{Kind: "key", ID: k.ID, Label: k.Label} }

// SystemActor is work nobody asked for in person (a retention sweep).
var SystemActor = Actor{Kind: "system", ID: "system", Label: "Shortlist"}

// String is the actor as audit events store it: "user:<id> <email>", "key:<id> <label>".
func (a Actor) String() string {
	if a.Label == "" {
		return a.Kind + ":" + a.ID
	}
	return fmt.Sprintf("%s:%s %s", a.Kind, a.ID, a.Label)
}

// ParseActor reads an actor stored by String; older records ("key:<id>") have no label.
func ParseActor(s string) Actor {
	head, label, _ := strings.Cut(s, " ")
	kind, id, ok := strings.Cut(head, ":")
	if !ok {
		return Actor{Kind: "system", ID: s, Label: s}
	}
	return Actor{Kind: kind, ID: id, Label: label}
}
