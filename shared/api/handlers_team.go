package api

import (
	"net/http"
	"regexp"
	"time"

	"shortlist/shared/assess"
)

// MemberJSON is one person of the organisation.
type MemberJSON struct {
	UserID    string       `json:"userId"`
	Email     string       `json:"email"`
	Role      assess.Role  `json:"role"`
	Status    string       `json:"status"` // invited, active
	CreatedAt time.Time    `json:"createdAt"`
	InvitedBy assess.Actor `json:"invitedBy"`
}

func memberJSON(m assess.Member) MemberJSON {
	return MemberJSON{UserID: m.UserID, Email: m.Email, Role: m.Role, Status: string(m.Status), CreatedAt: m.CreatedAt, InvitedBy: m.InvitedBy}
}

// TeamResponse lists the organisation's people.
type TeamResponse struct {
	Members []MemberJSON `json:"members"`
}

func (s *server) listTeam(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r); err != nil {
		return err
	}
	ms, err := s.Team.Members(r.Context(), orgOf(r).ID)
	if err != nil {
		return err
	}
	out := TeamResponse{Members: make([]MemberJSON, 0, len(ms))}
	for _, m := range ms {
		out.Members = append(out.Members, memberJSON(m))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type inviteMemberRequest struct {
	Email string `json:"email"`
	Role  string `json:"role"`
}

// inviteMember creates the person's account (the identity provider emails a temporary
// password) and their membership.
func (s *server) inviteMember(w http.ResponseWriter, r *http.Request) error {
	var req inviteMemberRequest
	if err := decodeJSON(w, r, &req, 4<<10); err != nil {
		return err
	}
	role, err := assess.ParseRole(req.Role)
	if err != nil {
		return err
	}
	m, err := s.Team.Invite(r.Context(), orgOf(r).ID, callerOf(r).actor, req.Email, role)
	if err != nil {
		return err
	}
	s.audit(r, "member.invite", m.UserID, map[string]string{"email": m.Email, "role": string(m.Role)})
	writeJSON(w, http.StatusCreated, memberJSON(m))
	return nil
}

type changeRoleRequest struct {
	Role string `json:"role"`
}

func (s *server) changeRole(w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(r)
	if err != nil {
		return err
	}
	var req changeRoleRequest
	if err := decodeJSON(w, r, &req, 4<<10); err != nil {
		return err
	}
	role, err := assess.ParseRole(req.Role)
	if err != nil {
		return err
	}
	m, err := s.Team.ChangeRole(r.Context(), orgOf(r).ID, id, role)
	if err != nil {
		return err
	}
	s.audit(r, "member.role", m.UserID, map[string]string{"email": m.Email, "role": string(m.Role)})
	writeJSON(w, http.StatusOK, memberJSON(m))
	return nil
}

func (s *server) removeMember(w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(r)
	if err != nil {
		return err
	}
	if err := s.Team.Remove(r.Context(), orgOf(r).ID, id); err != nil {
		return err
	}
	s.audit(r, "member.remove", id, nil)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// KeyJSON is one API key (never its secret).
type KeyJSON struct {
	KeyID     string      `json:"keyId"`
	Label     string      `json:"label"`
	Role      assess.Role `json:"role"`
	CreatedAt time.Time   `json:"createdAt"`
	RevokedAt *time.Time  `json:"revokedAt,omitempty"`
}

func keyJSON(k assess.APIKey) KeyJSON {
	out := KeyJSON{KeyID: k.ID, Label: k.Label, Role: k.Role, CreatedAt: k.CreatedAt}
	if !k.RevokedAt.IsZero() {
		t := k.RevokedAt
		out.RevokedAt = &t
	}
	return out
}

// KeysResponse lists the organisation's API keys, revoked ones included.
type KeysResponse struct {
	Keys []KeyJSON `json:"keys"`
}

func (s *server) listKeys(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r); err != nil {
		return err
	}
	ks, err := s.Team.Keys(r.Context(), orgOf(r).ID)
	if err != nil {
		return err
	}
	out := KeysResponse{Keys: make([]KeyJSON, 0, len(ks))}
	for _, k := range ks {
		out.Keys = append(out.Keys, keyJSON(k))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type createKeyRequest struct {
	Label string `json:"label"`
	Role  string `json:"role"`
}

// NewKeyResponse is a created key with its secret, shown this once.
type NewKeyResponse struct {
	Key    KeyJSON `json:"key"`
	Secret string  `json:"secret"`
}

func (s *server) createKey(w http.ResponseWriter, r *http.Request) error {
	var req createKeyRequest
	if err := decodeJSON(w, r, &req, 4<<10); err != nil {
		return err
	}
	role, err := assess.ParseRole(req.Role)
	if err != nil {
		return err
	}
	k, secret, err := s.Team.CreateKey(r.Context(), orgOf(r).ID, req.Label, role)
	if err != nil {
		return err
	}
	s.audit(r, "key.create", k.ID, map[string]string{"label": k.Label, "role": string(k.Role)})
	writeJSON(w, http.StatusCreated, NewKeyResponse{Key: keyJSON(k), Secret: secret})
	return nil
}

func (s *server) revokeKey(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "keyId")
	if err != nil {
		return err
	}
	if err := s.Team.RevokeKey(r.Context(), orgOf(r).ID, id); err != nil {
		return err
	}
	s.audit(r, "key.revoke", id, nil)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// userIDs are the identity provider's user ids (Cognito's subs are UUIDs).
var userIDs = regexp.MustCompile(`^[A-Za-z0-9-]{1,128}$`)

func userIDParam(r *http.Request) (string, error) {
	id := r.PathValue("userId")
	if !userIDs.MatchString(id) {
		return "", assess.Errorf(assess.NotFound, "no such member")
	}
	return id, nil
}
