package cognito

import (
	"context"
	"errors"

	"shortlist/shared/assess"
	"shortlist/shared/identity"
)

// Directory adapts the user pool to the domain's assess.Directory.
type Directory struct{ P *Provider }

// Invite creates the account; the pool emails the temporary password.
func (d Directory) Invite(ctx context.Context, email, temporaryPassword string) (string, error) {
	u, err := d.P.AdminCreateUser(ctx, identity.Invite{Email: email, TemporaryPassword: temporaryPassword})
	if err != nil {
		return "", identity.DomainError(err)
	}
	if u.Subject == "" {
		return "", assess.Errorf(assess.Unavailable, "the identity provider created %s without a user id", email)
	}
	return u.Subject, nil
}

// Disable refuses the account from now on.
func (d Directory) Disable(ctx context.Context, userID string) error {
	err := d.P.AdminDisableUser(ctx, userID)
	if errors.Is(err, identity.ErrUserNotFound) {
		return nil // gone from the pool already: the membership is what is left to end
	}
	return identity.DomainError(err)
}

// Enable lets the account sign in again.
func (d Directory) Enable(ctx context.Context, userID string) error {
	return identity.DomainError(d.P.AdminEnableUser(ctx, userID))
}
