// Command infra is Shortlist's CDK app: `npx cdk synth` and `npx cdk deploy` run it from
// the repository root (cdk.json builds the functions with scripts/build first).
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"shortlist/shared/api"
)

func main() {
	err := run(".")
	jsii.Close() // stops the CDK's Node process
	if err != nil {
		fmt.Fprintln(os.Stderr, "infra:", err)
		os.Exit(1)
	}
}

// run synthesizes the app for the repository at root. The deployment's settings come from
// settings/<stage>.json; the stage is CDK context (`-c stage=prod`, or cdk.json's
// "stage"), "dev" when neither names one.
func run(root string) error {
	app := newApp(nil)
	stage := "dev"
	if v := app.Node().TryGetContext(jsii.String("stage")); v != nil {
		stage = fmt.Sprint(v)
	}
	settings, err := loadSettings(root, stage)
	if err != nil {
		return err
	}
	props := &ShortlistStackProps{
		BundleDir: filepath.Join(root, "dist"),
		SiteDir:   filepath.Join(root, "content", "site"),
		Settings:  settings,
	}
	if settings.Account != "" || settings.Region != "" {
		props.Env = &awscdk.Environment{}
		if settings.Account != "" {
			props.Env.Account = jsii.String(settings.Account)
		}
		if settings.Region != "" {
			props.Env.Region = jsii.String(settings.Region)
		}
	}
	events, err := deployable(root, props.BundleDir, os.Stderr)
	if err != nil {
		return err
	}
	props.Events = events
	if settings.Email != nil {
		dep, err := resolve(api.Routes, functions, events)
		if err != nil {
			return err
		}
		for _, name := range dep.Invoked {
			if _, err := os.Stat(filepath.Join(props.BundleDir, name, "bootstrap")); err != nil {
				return fmt.Errorf("%s/%s/bootstrap is missing: run ./scripts/build (cdk.json does it before every synth)", props.BundleDir, name)
			}
		}
	}
	if _, err := NewShortlistStack(app, settings.StackName, props); err != nil {
		return err
	}
	app.Synth(nil)
	return nil
}

// deployable checks that every function the stack will deploy has a bundle, and returns
// the event functions whose code exists: a declared event function whose
// functions/<name>/main.go has not landed yet is left out (its wiring is tested all the
// same), rather than deployed without code.
func deployable(root, bundles string, warn io.Writer) ([]string, error) {
	dep, err := resolve(api.Routes, functions, nil)
	if err != nil {
		return nil, err
	}
	events := []string{}
	for _, name := range dep.Events {
		if _, err := os.Stat(filepath.Join(root, "functions", name, "main.go")); err == nil {
			events = append(events, name)
		} else {
			fmt.Fprintf(warn, "infra: functions/%s does not exist yet: its event wiring is left out of this deployment\n", name)
		}
	}
	for _, name := range dep.HTTP {
		if _, err := os.Stat(filepath.Join(root, "functions", name, "main.go")); err != nil {
			return nil, fmt.Errorf("the routing table (shared/api.Routes) sends routes to %q, but functions/%s/main.go does not exist", name, name)
		}
	}
	for _, name := range append(dep.HTTP, events...) {
		if _, err := os.Stat(filepath.Join(bundles, name, "bootstrap")); err != nil {
			return nil, fmt.Errorf("%s/%s/bootstrap is missing: run ./scripts/build (cdk.json does it before every synth)", bundles, name)
		}
	}
	return events, nil
}

// newApp is the CDK app with the feature flags this stack relies on and cdk-nag's
// AwsSolutions checks, whose unacknowledged findings fail synthesis. Tests use it too, so
// they check what `cdk synth` produces.
func newApp(props *awscdk.AppProps) awscdk.App {
	if props == nil {
		props = &awscdk.AppProps{}
	}
	ctx := map[string]interface{}{
		// S3 server access logs are granted by bucket policy, not the legacy ACL.
		"@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": true,
		"@aws-cdk/aws-s3:createDefaultLoggingPolicy":      true,
		// Merge IAM statements with the same effect and resources into one.
		"@aws-cdk/aws-iam:minimizePolicies": true,
	}
	if props.Context != nil {
		for k, v := range *props.Context {
			ctx[k] = v
		}
	}
	props.Context = &ctx
	app := awscdk.NewApp(props)
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	return app
}
