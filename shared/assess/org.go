package assess

import (
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultRetentionDays is how long an organisation keeps candidate data unless it says
// otherwise.
const DefaultRetentionDays = 180

// NewOrganisation returns a new organisation named name.
func NewOrganisation(name string, now time.Time) (Organisation, error) {
	name, err := CheckName(name)
	if err != nil {
		return Organisation{}, err
	}
	return Organisation{ID: NewID(), Name: name, CreatedAt: now.UTC(), RetentionDays: DefaultRetentionDays}, nil
}

// NewAPIKey returns a key for org and its secret, which is shown once and never stored.
// A non-empty secret (a fixed local demo key) is used instead of a fresh one.
func NewAPIKey(orgID, label, secret string, now time.Time) (APIKey, string, error) {
	label = strings.TrimSpace(label)
	if utf8.RuneCountInString(label) > 100 || !printable(label) {
		return APIKey{}, "", FieldError("label", "at most 100 printable characters")
	}
	hash := ""
	if secret == "" {
		secret, hash = NewToken(APIKeyPrefix)
	} else if !WellFormedToken(secret, APIKeyPrefix) {
		return APIKey{}, "", FieldError("key", "an API key is slk_ followed by 43 base64url characters")
	} else {
		hash = HashToken(secret)
	}
	return APIKey{ID: NewID(), OrgID: orgID, Hash: hash, Label: label, Role: RoleOwner, CreatedAt: now.UTC()}, secret, nil
}
