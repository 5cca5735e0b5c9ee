package assess

import (
	"context"
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

// OrgChanges are the changes to an organisation's settings one request makes: a field
// left nil (or a zero RetentionDays) stays as it is.
type OrgChanges struct {
	Settings
	Name, DisplayName, AccentColor *string    // "" clears displayName and accentColor
	Logo                           *LogoImage // an empty one removes the logo
}

// UpdateOrganisation checks the changes, applies them to org and stores the result; every
// refusal names its field. A new logo is stored before the organisation names it, and a
// removed one deleted after, so a reader never finds the organisation naming a logo that
// is not there.
func (o *Oversight) UpdateOrganisation(ctx context.Context, org Organisation, ch OrgChanges) (Organisation, error) {
	prev := org
	org, err := ApplySettings(org, ch.Settings)
	if err != nil {
		return prev, err
	}
	if ch.Name != nil {
		if org.Name, err = CheckName(*ch.Name); err != nil {
			return prev, err
		}
	}
	if ch.DisplayName != nil {
		if org.DisplayName, err = CheckDisplayName(*ch.DisplayName); err != nil {
			return prev, err
		}
	}
	if ch.AccentColor != nil {
		if org.AccentColor, err = CheckAccentColor(*ch.AccentColor); err != nil {
			return prev, err
		}
	}
	if ch.Logo != nil {
		org.Logo = ch.Logo.Ref()
		if ch.Logo.Type != "" {
			if err := o.Store.PutLogo(ctx, org.ID, *ch.Logo); err != nil {
				return prev, err
			}
		}
	}
	if err := o.Store.UpdateOrganisation(ctx, org); err != nil {
		return prev, err
	}
	if ch.Logo != nil && ch.Logo.Type == "" && prev.Logo.Type != "" {
		if err := o.Store.PutLogo(ctx, org.ID, *ch.Logo); err != nil {
			return org, err
		}
	}
	return org, nil
}

// Logo reads the organisation's logo; an organisation without one (or whose logo's removal
// is not yet written) has the empty image.
func (o *Oversight) Logo(ctx context.Context, org Organisation) (LogoImage, error) {
	if org.Logo.Type == "" {
		return LogoImage{}, nil
	}
	l, err := o.Store.Logo(ctx, org.ID)
	if CodeOf(err) == NotFound {
		return LogoImage{}, nil
	}
	return l, err
}
