// Command auth is the Lambda function behind HR people's sign-in (/v1/auth/...), their
// team (/v1/team) and the organisation's API keys (/v1/keys); see shared/api.Routes. It is
// the one function that links the Cognito client: the others only verify access tokens.
package main

import (
	"context"
	"log/slog"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/dynamostack"
	"shortlist/shared/app/settings"
	"shortlist/shared/awsenv"
	"shortlist/shared/identity/cognito"
)

func main() { app.Main(api.FnAuth, run) }

// run starts the function; app.Main has checked that cfg names the user pool.
func run(ctx context.Context, cfg settings.Config, log *slog.Logger) error {
	st, err := dynamostack.New(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	awsCfg, err := awsenv.Config(cfg.AWS.Lookup, cfg.Identity.Endpoint != "", 0, 0)
	if err != nil {
		return err
	}
	p, err := cognito.NewProvider(awsCfg, cfg.Identity)
	if err != nil {
		return err
	}
	st.Deps.Accounts = p
	st.Deps.Team.Directory = cognito.Directory{P: p}
	return app.ServeHTTP(ctx, api.AuthFunction(), cfg, st.Deps)
}
