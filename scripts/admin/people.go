package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/identity"
	"shortlist/shared/identity/cognito"
	"shortlist/shared/identity/devidp"
	"shortlist/shared/store"
)

// people is where the target's HR people have their accounts, and whether the
// temporary password must be printed (no email is sent there).
type people struct {
	dir   assess.Directory
	where string
	print bool
}

// peopleFor finds the user pool of the target: COGNITO_POOL_ID (and its client) when set
// (cognito-local, or a pool named by hand); the deployed stack's pool when the target is
// the stack; the dev server's development provider (its file in the data directory)
// when the target is the embedded store.
func peopleFor(ctx context.Context, tg target, aws bool) (people, error) {
	if c := tg.cfg.Identity; c.UserPoolID != "" {
		cfg, err := awsConfig(ctx, c.Endpoint != "")
		if err != nil {
			return people{}, err
		}
		p, err := cognito.NewProvider(cfg, c)
		if err != nil {
			return people{}, err
		}
		return people{dir: cognito.Directory{P: p}, where: "user pool " + c.UserPoolID, print: c.Endpoint != ""}, nil
	}
	if aws {
		cfg, err := awsConfig(ctx, false)
		if err != nil {
			return people{}, err
		}
		pool, err := stackOutput(ctx, cfg, tg.stack, "UserPoolId")
		if err != nil {
			return people{}, err
		}
		client, err := stackOutput(ctx, cfg, tg.stack, "UserPoolClientId")
		if err != nil {
			return people{}, err
		}
		p, err := cognito.NewProvider(cfg, identity.Config{Region: cfg.Region, UserPoolID: pool, ClientID: client})
		if err != nil {
			return people{}, err
		}
		return people{dir: cognito.Directory{P: p}, where: "user pool " + pool + " (stack " + tg.stack + ")"}, nil
	}
	if tg.cfg.Table != "" {
		return people{}, fmt.Errorf("TABLE_NAME names the table but not its user pool: set %s and %s (the stack's UserPoolId and UserPoolClientId outputs), or use -stack", identity.EnvPool, identity.EnvClient)
	}
	idp, err := devidp.New(devidp.DevPool, devidp.DevClient, devidp.WithFile(filepath.Join(tg.data, "identity.json")))
	if err != nil {
		return people{}, err
	}
	return people{dir: devDirectory{idp}, where: "the dev server's identity provider (" + tg.data + ")", print: true}, nil
}

// devDirectory adds people to the development provider's file, as an invitation would.
type devDirectory struct{ idp *devidp.IdP }

func (d devDirectory) Invite(_ context.Context, email, temporaryPassword string) (string, error) {
	return d.idp.AddUser(email, temporaryPassword, false)
}
func (d devDirectory) Disable(context.Context, string) error { return nil }
func (d devDirectory) Enable(context.Context, string) error  { return nil }

// addPerson creates a person's account with a temporary password and makes them a member
// of orgID with role; scripts/admin makes an organisation's first owner this way.
func addPerson(ctx context.Context, repo *store.Repository, pp people, orgID, email string, role assess.Role, out io.Writer) error {
	email, err := assess.NormaliseEmail(email)
	if err != nil {
		return err
	}
	if _, err := repo.Organisation(ctx, orgID); err != nil {
		return fmt.Errorf("organisation %s: %w", orgID, err)
	}
	temporary := assess.TemporaryPassword()
	id, err := pp.dir.Invite(ctx, email, temporary)
	if err != nil {
		return fmt.Errorf("creating %s's account in %s: %w", email, pp.where, err)
	}
	m := assess.Member{UserID: id, OrgID: orgID, Email: email, Role: role, Status: assess.MemberInvited,
		CreatedAt: time.Now().UTC(), InvitedBy: assess.Actor{Kind: "system", ID: "admin", Label: "scripts/admin"}}
	if err := repo.CreateMember(ctx, m); err != nil {
		return fmt.Errorf("%s has an account but no membership (%w): remove the account in %s and run this again", email, err, pp.where)
	}
	fmt.Fprintf(out, "%s: %s of organisation %s, in %s\n", email, role, orgID, pp.where)
	if pp.print {
		fmt.Fprintf(out, "temporary password (shown once; a new one is chosen at first sign-in): %s\n", temporary)
	} else {
		fmt.Fprintf(out, "the user pool emailed %s a temporary password (valid 7 days)\n", email)
	}
	return nil
}
