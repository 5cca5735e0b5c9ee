package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/assess"
	"shortlist/shared/awsenv"
	"shortlist/shared/identity"
	"shortlist/shared/identity/cognito"
	"shortlist/shared/identity/devidp"
	"shortlist/shared/store"
)

// The development identity provider's pool and app client, served at /idp on the dev
// server: the console signs people in through the same code path (the Cognito client,
// JWKS verification) as in AWS.
const (
	devPool   = devidp.DevPool
	devClient = devidp.DevClient
)

// demoPeople are the demo organisation's people, one per role.
var demoPeople = []struct {
	email string
	role  assess.Role
}{
	{"owner@demo.shortlist.test", assess.RoleOwner},
	{"recruiter@demo.shortlist.test", assess.RoleRecruiter},
	{"viewer@demo.shortlist.test", assess.RoleViewer},
}

// devIdentity starts the development identity provider (its users kept in the data
// directory) and wires it into deps: sign-in, token verification, invitations. The
// provider is mounted at base+"/idp": the Cognito client posts to that endpoint itself,
// and the pool's keys are under /idp/<pool>/.
func devIdentity(deps *api.Deps, dataDir, base string, log *slog.Logger) (*devidp.IdP, error) {
	idp, err := devidp.New(devPool, devClient, devidp.WithFile(filepath.Join(dataDir, "identity.json")),
		devidp.WithBaseURL(base+"/idp"), devidp.WithLogger(log.With("component", "dev identity provider")))
	if err != nil {
		return nil, err
	}
	cfg := identity.Config{Region: "us-east-1", UserPoolID: devPool, ClientID: devClient, Endpoint: base + "/idp"}
	awsCfg, err := awsenv.Config(func(string) string { return "" }, true, 0, 0)
	if err != nil {
		return nil, err
	}
	p, err := cognito.NewProvider(awsCfg, cfg)
	if err != nil {
		return nil, err
	}
	v, err := identity.NewVerifier(cfg)
	if err != nil {
		return nil, err
	}
	deps.Accounts, deps.Verifier = p, v
	deps.Team.Directory = cognito.Directory{P: p}
	return idp, nil
}

// seedPeople makes sure the demo organisation has one person per role, each with the
// password given (SHORTLIST_DEMO_PASSWORD) or the one made at first start.
func seedPeople(ctx context.Context, idp *devidp.IdP, repo *store.Repository, orgID, password string) error {
	for _, p := range demoPeople {
		id, ok := idp.UserID(p.email)
		if !ok {
			var err error
			if id, err = idp.AddUser(p.email, password, true); err != nil {
				return fmt.Errorf("demo person %s: %w", p.email, err)
			}
		}
		if _, err := repo.Member(ctx, id); err == nil {
			continue
		} else if assess.CodeOf(err) != assess.NotFound {
			return err
		}
		m := assess.Member{UserID: id, OrgID: orgID, Email: p.email, Role: p.role, Status: assess.MemberActive,
			CreatedAt: time.Now().UTC(), InvitedBy: assess.SystemActor}
		if err := repo.CreateMember(ctx, m); err != nil {
			return err
		}
	}
	return nil
}
