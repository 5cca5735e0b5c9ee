// Package settings is a Shortlist process's configuration, parsed once from the
// environment at start: every variable a Lambda function reads (the stack sets them; see
// infra/functions.go) and the standard AWS SDK variables, typed and checked, with an error
// that names the variable. Each function's main parses it (shared/app.Main) and checks the
// variables that function cannot start without (Check); the dev server parses it too.
//
// It lives apart from package app, and imports neither it nor shared/api, so that the mail
// function, which must stay under the 12 MB the build allows, parses the same settings
// without linking the catalog, the reports and the HTTP layer.
package settings

import (
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strings"

	"shortlist/shared/identity"
	"shortlist/shared/store/table"
)

// The variables' names (infra sets them by these constants). table.EnvName and identity's
// EnvPool, EnvClient and EnvEndpoint stay beside the code they concern.
const (
	EnvReportsBucket  = "REPORTS_BUCKET"          // the reports bucket (shared/blob/s3store)
	EnvPublicURL      = "PUBLIC_URL"              // the site's origin, for links sent to candidates
	EnvLogLevel       = "LOG_LEVEL"               // debug, info (the default), warn or error
	EnvOriginSecret   = "ORIGIN_SECRET"           // CloudFront's secret header value (HTTP functions)
	EnvEmailFrom      = "EMAIL_FROM"              // the sender address, on the SES identity's domain
	EnvEmailConfigSet = "EMAIL_CONFIGURATION_SET" // the SES configuration set (bounces, complaints)
	EnvScheduleGroup  = "SCHEDULE_GROUP"          // the EventBridge Scheduler group of notify's timers
	EnvScheduleRole   = "SCHEDULE_ROLE_ARN"       // the role the Scheduler invokes notify with
	EnvMailFunction   = "MAIL_FUNCTION"           // the function notify sends email through

	// The AWS SDK's standard variables. Lambda sets the region and the function role's
	// credentials; the endpoints point a client at DynamoDB Local or MinIO.
	EnvRegion          = "AWS_REGION"
	EnvDefaultRegion   = "AWS_DEFAULT_REGION" // read when AWS_REGION is not set
	EnvAccessKeyID     = "AWS_ACCESS_KEY_ID"
	EnvSecretAccessKey = "AWS_SECRET_ACCESS_KEY"
	EnvSessionToken    = "AWS_SESSION_TOKEN"
	EnvDynamoEndpoint  = "AWS_ENDPOINT_URL_DYNAMODB" // the same name as dynamo.EnvEndpoint
	EnvS3Endpoint      = "AWS_ENDPOINT_URL_S3"
)

// Config is every setting a process reads from its environment. The zero value is a
// process with nothing set: the embedded store, no pool, no email, info logs.
type Config struct {
	Table         string // TABLE_NAME: the DynamoDB table
	ReportsBucket string // REPORTS_BUCKET: the S3 bucket of reports and cohort snapshots
	// PublicURL (PUBLIC_URL) is the site's origin, an absolute http(s) URL without a
	// trailing slash; empty where no link leaves the process.
	PublicURL string
	// OriginSecret (ORIGIN_SECRET) is the value CloudFront sends in its origin header;
	// empty: no check (the dev server, tests).
	OriginSecret string
	// Identity names the HR people's user pool (COGNITO_POOL_ID, COGNITO_CLIENT_ID,
	// COGNITO_ENDPOINT, region from AWS_REGION); its UserPoolID is empty when no pool is
	// named (API keys only).
	Identity identity.Config
	// EmailFrom (EMAIL_FROM) is the sender address; empty: the deployment sends no email.
	EmailFrom string
	// EmailConfigSet (EMAIL_CONFIGURATION_SET) is the SES configuration set.
	EmailConfigSet string
	// ScheduleGroup and ScheduleRole (SCHEDULE_GROUP, SCHEDULE_ROLE_ARN) are the
	// EventBridge Scheduler group of the notify function's timers and the role they
	// invoke it with.
	ScheduleGroup, ScheduleRole string
	// MailFunction (MAIL_FUNCTION) is the function notify sends email through; empty
	// without the email settings.
	MailFunction string
	LogLevel     slog.Level // LOG_LEVEL
	AWS          AWS
}

// AWS is the SDK's standard variables.
type AWS struct {
	Region                                     string // AWS_REGION, else AWS_DEFAULT_REGION
	AccessKeyID, SecretAccessKey, SessionToken string
	DynamoEndpoint, S3Endpoint                 string // empty in AWS
}

// Lookup answers the SDK's standard variables by name from the parsed values, for the
// adapters whose constructors take a lookup function (shared/awsenv, shared/store/dynamo,
// shared/blob/s3store): they read what was parsed here, not the process environment.
func (a AWS) Lookup(name string) string {
	switch name {
	case EnvRegion:
		return a.Region
	case EnvAccessKeyID:
		return a.AccessKeyID
	case EnvSecretAccessKey:
		return a.SecretAccessKey
	case EnvSessionToken:
		return a.SessionToken
	case EnvDynamoEndpoint:
		return a.DynamoEndpoint
	case EnvS3Endpoint:
		return a.S3Endpoint
	}
	return ""
}

// Lookup answers every variable Config holds by name from the parsed values (see
// AWS.Lookup), so that a constructor taking a lookup (dynamo.FromEnv, s3store.FromEnv)
// reads the settings parsed once.
func (c Config) Lookup(name string) string {
	switch name {
	case table.EnvName:
		return c.Table
	case EnvReportsBucket:
		return c.ReportsBucket
	case EnvPublicURL:
		return c.PublicURL
	case EnvOriginSecret:
		return c.OriginSecret
	case identity.EnvPool:
		return c.Identity.UserPoolID
	case identity.EnvClient:
		return c.Identity.ClientID
	case identity.EnvEndpoint:
		return c.Identity.Endpoint
	case EnvEmailFrom:
		return c.EmailFrom
	case EnvEmailConfigSet:
		return c.EmailConfigSet
	case EnvScheduleGroup:
		return c.ScheduleGroup
	case EnvScheduleRole:
		return c.ScheduleRole
	case EnvMailFunction:
		return c.MailFunction
	case EnvLogLevel:
		return strings.ToLower(c.LogLevel.String())
	}
	return c.AWS.Lookup(name)
}

// ConfigFromEnv parses the settings from getenv (os.Getenv, or a map in tests). It checks
// each value that is set (a URL, an address, a level, a pool's settings) and names the
// variable of the first bad one; what a given function cannot do without is Check's.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Table:          strings.TrimSpace(getenv(table.EnvName)),
		ReportsBucket:  strings.TrimSpace(getenv(EnvReportsBucket)),
		OriginSecret:   getenv(EnvOriginSecret),
		EmailFrom:      strings.TrimSpace(getenv(EnvEmailFrom)),
		EmailConfigSet: strings.TrimSpace(getenv(EnvEmailConfigSet)),
		ScheduleGroup:  strings.TrimSpace(getenv(EnvScheduleGroup)),
		ScheduleRole:   strings.TrimSpace(getenv(EnvScheduleRole)),
		MailFunction:   strings.TrimSpace(getenv(EnvMailFunction)),
		AWS: AWS{
			Region:          getenv(EnvRegion),
			AccessKeyID:     getenv(EnvAccessKeyID),
			SecretAccessKey: getenv(EnvSecretAccessKey),
			SessionToken:    getenv(EnvSessionToken),
			DynamoEndpoint:  getenv(EnvDynamoEndpoint),
			S3Endpoint:      getenv(EnvS3Endpoint),
		},
	}
	if c.AWS.Region == "" {
		c.AWS.Region = getenv(EnvDefaultRegion)
	}
	if v := strings.TrimSpace(getenv(EnvPublicURL)); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
			return Config{}, fmt.Errorf("%s is %q: it must be the site's origin, such as https://shortlist.example", EnvPublicURL, v)
		}
		c.PublicURL = strings.TrimRight(v, "/")
	}
	if v := getenv(EnvLogLevel); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(strings.TrimSpace(v))); err != nil {
			return Config{}, fmt.Errorf("%s is %q: it must be debug, info, warn or error", EnvLogLevel, v)
		}
	}
	if c.EmailFrom != "" {
		if _, err := mail.ParseAddress(c.EmailFrom); err != nil {
			return Config{}, fmt.Errorf("%s is %q: not an email address", EnvEmailFrom, c.EmailFrom)
		}
	}
	for _, e := range []struct{ name, v string }{{EnvDynamoEndpoint, c.AWS.DynamoEndpoint}, {EnvS3Endpoint, c.AWS.S3Endpoint}} {
		if e.v == "" {
			continue
		}
		if u, err := url.Parse(e.v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Config{}, fmt.Errorf("%s is %q: it must be an http:// or https:// URL", e.name, e.v)
		}
	}
	id, ok, err := identity.ConfigFromEnv(getenv)
	if err != nil {
		return Config{}, err
	}
	if !ok {
		// No pool: what else is set is kept, so that Check names only what is missing.
		id = identity.Config{ClientID: getenv(identity.EnvClient), Endpoint: getenv(identity.EnvEndpoint)}
	}
	c.Identity = id
	return c, nil
}

// required is what each function cannot start without, by function name. The stack sets
// more (infra/functions.go lists every variable a function gets); the rest are optional:
// without a pool the HR routes take API keys only, without EMAIL_FROM there is no email,
// without ORIGIN_SECRET no origin check.
var required = map[string][]string{
	"catalog":  nil,
	"hr":       {table.EnvName, EnvReportsBucket},
	"sessions": {table.EnvName, EnvReportsBucket},
	"answers":  {table.EnvName},
	"auth":     {table.EnvName, identity.EnvPool, identity.EnvClient},
	"scoring":  {table.EnvName},
	"reports":  {table.EnvName, EnvReportsBucket},
	"notify":   {table.EnvName, EnvScheduleGroup, EnvScheduleRole},
	"mail":     {EnvEmailFrom, EnvEmailConfigSet},
}

// Functions maps each function's name to the variables it cannot start without.
func Functions() map[string][]string {
	out := make(map[string][]string, len(required))
	for name, vars := range required {
		out[name] = append([]string(nil), vars...)
	}
	return out
}

// Check reports the variables function needs that are not set, all of them in one error.
func (c Config) Check(function string) error {
	need, ok := required[function]
	if !ok {
		return fmt.Errorf("settings: no function %q", function)
	}
	var missing []string
	for _, name := range need {
		if c.Lookup(name) == "" {
			missing = append(missing, name)
		}
	}
	switch len(missing) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("%s is not set: the %s function needs it", missing[0], function)
	}
	return errors.New(strings.Join(missing, ", ") + " are not set: the " + function + " function needs them")
}
