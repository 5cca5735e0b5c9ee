// Command auth is the Lambda function behind HR people's sign-in (/v1/auth/...), their
// team (/v1/team) and the organisation's API keys (/v1/keys); see shared/api.Routes. It is
// the one function that links the Cognito client: the others only verify access tokens.
package main

import (
	"context"
	"errors"
	"log/slog"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/identity"
	"shortlist/shared/identity/cognito"
	"shortlist/shared/store/dynamo"
)

func main() { app.Main(api.FnAuth, run) }

func run(ctx context.Context, getenv app.Getenv, log *slog.Logger) error {
	t, err := dynamo.FromEnv(ctx, getenv)
	if err != nil {
		return err
	}
	st, err := app.Build(getenv, log, t, nil)
	if err != nil {
		return err
	}
	p, err := cognito.FromEnv(getenv)
	if err != nil {
		return err
	}
	if p == nil {
		return errors.New(identity.EnvPool + " is not set: the auth function needs the user pool")
	}
	st.Deps.Accounts = p
	st.Deps.Team.Directory = cognito.Directory{P: p}
	return app.ServeHTTP(ctx, api.FnAuth, getenv, st.Deps)
}
