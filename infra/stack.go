package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53targets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3deployment"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"shortlist/content/site"
	"shortlist/shared/api"
	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// Retention and limits in one place. Each is a trade between what a customer may need to
// look back at and what they pay to keep; see README "Deploy to AWS".
const (
	logRetention  = awslogs.RetentionDays_SIX_MONTHS // security notes: logs kept ≥ 6 months
	accessLogDays = 365                              // S3 and CloudFront access logs
	// A backstop: a report's record expires with its candidate's retention and the reports
	// function then deletes its files; no file outlives the longest retention an
	// organisation can set, counted from the longest an invite can wait.
	reportExpiryDays = assess.MaxRetentionDays + assess.MaxInviteExpiryDays
	maxLinkAgeMillis = 15 * 60 * 1000 // presigned links expire in ≤ 15 minutes
)

// contentSecurityPolicy is the site's (content/site), with insecure requests upgraded.
const contentSecurityPolicy = site.ContentSecurityPolicy + "; upgrade-insecure-requests"

// directoryIndex maps a directory path to its index.html, as the dev server's file server
// does: S3 behind origin access control answers only exact keys, so /take/ (the candidate
// app, whose invite links carry the token in the fragment) would be a 403. A path whose
// last segment has no dot is a directory too (/take → /take/index.html). CloudFront
// Functions bill per request, nothing while idle.
const directoryIndex = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) {
    request.uri = uri + '/index.html';
  }
  return request;
}`

// ShortlistStackProps configures one Shortlist deployment. The zero value deploys the
// routing table, every declared function, and the site, with default limits.
type ShortlistStackProps struct {
	awscdk.StackProps

	// BundleDir holds each function's bundle: BundleDir/<name>/bootstrap (scripts/build).
	BundleDir string
	// SiteDir is the static site uploaded to the site bucket (content/site).
	SiteDir string
	// Routes is the routing table (default api.Routes).
	Routes []api.Route
	// Functions declares every function (default: functions in functions.go).
	Functions map[string]fnSpec
	// Events selects the event functions to deploy (nil: every declared one). Lets an
	// event function whose code has not landed yet stay out of a real deployment.
	Events []string
	// Settings are the deployment's choices (settings/<stage>.json): alarm email, domain,
	// throttles per route class, budget, WAF, tags. The zero value is a dev stage.
	Settings Settings
}

// NewShortlistStack defines the whole deployment: functions, table, buckets, API, CDN.
func NewShortlistStack(scope constructs.Construct, id string, props *ShortlistStackProps) (awscdk.Stack, error) {
	p := ShortlistStackProps{}
	if props != nil {
		p = *props
	}
	if p.Routes == nil {
		p.Routes = api.Routes
	}
	if p.Functions == nil {
		p.Functions = functions
	}
	if p.Settings.Stage == "" {
		p.Settings.Stage = "dev"
	}
	if err := p.Settings.validate(); err != nil {
		return nil, err
	}
	if p.BundleDir == "" || p.SiteDir == "" {
		return nil, fmt.Errorf("BundleDir and SiteDir are required")
	}
	dep, err := resolve(p.Routes, p.Functions, p.Events)
	if err != nil {
		return nil, err
	}
	if p.Settings.Email == nil {
		dep = dep.withoutEmail(p.Functions)
	}
	if p.Description == nil {
		p.Description = jsii.String("Shortlist: pre-employment assessments (site, API, functions, table, reports)")
	}

	stack := awscdk.NewStack(scope, &id, &p.StackProps)
	b := &builder{stack: stack, props: p}
	// Every resource carries the stack's name (and the settings' tags): once activated as
	// cost-allocation tags in Billing, Cost Explorer splits the bill by deployment.
	awscdk.Tags_Of(stack).Add(jsii.String("shortlist:stack"), jsii.String(id), nil)
	for k, v := range p.Settings.Tags {
		awscdk.Tags_Of(stack).Add(jsii.String(k), jsii.String(v), nil)
	}
	// CloudFront sends this value with every API request and the functions refuse
	// requests without it, so the API's own execute-api URL is useless to a caller who
	// skips CloudFront (and its throttles and WAF). The stack id's last part is a random
	// UUID that only the account can read; a secret store would cost a monthly fee.
	originSecret := awscdk.Fn_Select(jsii.Number(2), awscdk.Fn_Split(jsii.String("/"), stack.StackId(), nil))

	logBucket := b.logBucket()
	tbl := b.table(table.Shortlist())
	reports := b.reportsBucket(logBucket)
	alarms := b.alarmTopic()
	// The API exists before the functions, so the distribution (which needs the API's
	// endpoint) can too, and functions can be told the site's URL; routes come last.
	httpAPI := b.httpAPI()
	dist := b.site(logBucket, httpAPI, originSecret)
	publicURL := "https://" + *dist.DistributionDomainName()
	if d := p.Settings.Domain; d != nil {
		publicURL = "https://" + d.Name
	}
	pool, client := b.userPool(publicURL)
	res := resources{
		table: tbl, reports: reports, alarms: alarms,
		publicURL: publicURL, originSecret: originSecret,
		pool: pool, poolClient: client,
	}
	if e := p.Settings.Email; e != nil {
		res.email = b.email(e)
	}
	for _, name := range dep.all() {
		if p.Functions[name].Timers && res.timers == nil {
			res.timers = b.timers()
		}
	}
	// HTTP functions answer their own failures (a recovered panic, an AccessDenied) as 500
	// responses, so the functions' Errors metric does not see them: the API's 5xx count does.
	b.alarm("Api5xxAlarm", "Shortlist API: server errors (5xx answers)",
		httpAPI.MetricServerError(&awscloudwatch.MetricOptions{
			Period:    awscdk.Duration_Minutes(jsii.Number(5)),
			Statistic: jsii.String("Sum"),
		}), alarms)

	fns := map[string]awslambda.Function{}
	for _, name := range dep.all() {
		fns[name] = b.function(name, p.Functions[name], res, fns)
	}
	for _, name := range dep.Events {
		b.streamTrigger(name, fns[name], p.Functions[name].Stream, res)
	}
	b.wireMessaging(dep, fns, res)
	for _, name := range dep.all() {
		fn := fns[name]
		if every := p.Functions[name].Schedule; every > 0 {
			awsevents.NewRule(b.stack, jsii.String(constructID(name)+"Schedule"), &awsevents.RuleProps{
				Description: jsii.String("Shortlist " + name + ": scheduled run (sweep)"),
				Schedule:    awsevents.Schedule_Rate(awscdk.Duration_Minutes(jsii.Number(every.Minutes()))),
				Targets:     &[]awsevents.IRuleTarget{awseventstargets.NewLambdaFunction(fn, nil)},
			})
		}
	}
	b.routes(httpAPI, dep, fns)
	b.budget()
	b.dashboard(httpAPI, dep, fns)
	acknowledge(stack, rolesOf(dep, p.Functions))

	out := func(id, value, desc string) {
		awscdk.NewCfnOutput(stack, jsii.String(id), &awscdk.CfnOutputProps{Value: jsii.String(value), Description: jsii.String(desc)})
	}
	out("SiteUrl", publicURL, "The candidate site and HR console; /v1/* on the same origin is the API")
	out("CloudFrontDomain", *dist.DistributionDomainName(), "The distribution's own name (a custom domain's DNS record points here)")
	out("TableName", *tbl.TableName(), "The DynamoDB table")
	out("ReportsBucketName", *reports.BucketName(), "The private reports bucket")
	out("LogBucketName", *logBucket.BucketName(), "S3 and CloudFront access logs")
	out("AlarmTopicArn", *alarms.TopicArn(), "Alarms publish here: subscribe to be told of errors")
	out("UserPoolId", *pool.UserPoolId(), "HR people sign in here (scripts/admin creates the first owner)")
	out("UserPoolClientId", *client.UserPoolClientId(), "The console's app client")
	if res.email != nil {
		out("EmailFrom", res.email.from, "Email is sent from this address (SES identity "+p.Settings.Email.Domain+")")
		for i, r := range *res.email.identity.DkimRecords() {
			n := fmt.Sprint(i + 1)
			out("EmailDkim"+n+"Name", *r.Name, "DKIM record "+n+" of 3: a CNAME with this name…")
			out("EmailDkim"+n+"Value", *r.Value, "…and this value, in the email domain's DNS (SES verifies the domain once all three resolve)")
		}
	}
	echo := p.Settings.echo()
	names := make([]string, 0, len(echo))
	for k := range echo {
		names = append(names, k)
	}
	for _, k := range sorted(names) {
		out("Setting"+k, echo[k], "The deployment's settings (settings/"+p.Settings.Stage+".json)")
	}
	return stack, nil
}

type builder struct {
	stack awscdk.Stack
	props ShortlistStackProps
	stage awsapigatewayv2.HttpStage
	// accessLogs is the API stage's access log group (the dashboard counts from it).
	accessLogs awslogs.LogGroup
}

// resources are what functions may be given access to.
type resources struct {
	table     awsdynamodb.Table
	reports   awss3.Bucket
	alarms    awssns.ITopic
	publicURL string
	// originSecret is the value CloudFront sends in api.OriginHeader.
	originSecret *string
	// pool is the HR people's user pool and poolClient the console's app client.
	pool       awscognito.UserPool
	poolClient awscognito.UserPoolClient
	// email is the SES identity and its configuration set (nil without the settings).
	email *emailResources
	// timers is the Scheduler group and role of the notify function's timers.
	timers *timerResources
}

// secureBucket is the baseline every bucket gets: private, encrypted with S3-managed keys
// (a KMS key would cost a fixed monthly fee), TLS 1.2+ only.
func secureBucket(p awss3.BucketProps) *awss3.BucketProps {
	p.BlockPublicAccess = awss3.BlockPublicAccess_BLOCK_ALL()
	p.Encryption = awss3.BucketEncryption_S3_MANAGED
	p.EnforceSSL = jsii.Bool(true)
	p.MinimumTLSVersion = jsii.Number(1.2)
	return &p
}

// logBucket receives S3 server access logs (through a bucket policy) and CloudFront's
// standard logs (which still need ACLs, hence BUCKET_OWNER_PREFERRED). Kept on stack
// deletion: logs outlive the system they describe.
func (b *builder) logBucket() awss3.Bucket {
	return awss3.NewBucket(b.stack, jsii.String("LogBucket"), secureBucket(awss3.BucketProps{
		ObjectOwnership: awss3.ObjectOwnership_BUCKET_OWNER_PREFERRED,
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Id:         jsii.String("expire-logs"),
			Expiration: awscdk.Duration_Days(jsii.Number(accessLogDays)),
		}},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	}))
}

// table builds the one table from shared/store's definition. Point-in-time recovery and
// deletion protection are on whatever the definition says: they are for every real table.
func (b *builder) table(def table.Definition) awsdynamodb.Table {
	attr := func(name string) *awsdynamodb.Attribute {
		if name == "" {
			return nil
		}
		return &awsdynamodb.Attribute{Name: jsii.String(name), Type: awsdynamodb.AttributeType_STRING}
	}
	props := &awsdynamodb.TableProps{
		PartitionKey: attr(def.PartitionKey),
		SortKey:      attr(def.SortKey),
		// On-demand: an idle month costs nothing but storage.
		BillingMode: awsdynamodb.BillingMode_PAY_PER_REQUEST,
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true),
		},
		DeletionProtection: jsii.Bool(true),
		RemovalPolicy:      awscdk.RemovalPolicy_RETAIN,
	}
	if def.TTLAttribute != "" {
		props.TimeToLiveAttribute = jsii.String(def.TTLAttribute)
	}
	if def.StreamView != "" {
		props.Stream = awsdynamodb.StreamViewType(def.StreamView)
	}
	t := awsdynamodb.NewTable(b.stack, jsii.String("Table"), props)
	for _, ix := range def.Indexes {
		gsi := &awsdynamodb.GlobalSecondaryIndexProps{
			IndexName:      jsii.String(ix.Name),
			PartitionKey:   attr(ix.PartitionKey),
			SortKey:        attr(ix.SortKey),
			ProjectionType: awsdynamodb.ProjectionType(ix.Projection),
		}
		if len(ix.NonKey) > 0 {
			gsi.NonKeyAttributes = jsii.Strings(ix.NonKey...)
		}
		t.AddGlobalSecondaryIndex(gsi)
	}
	return t
}

// reportsBucket holds candidate data (reports), so: private, TLS-only, access-logged,
// expiring, and kept if the stack is deleted. Links to it are presigned by the functions.
func (b *builder) reportsBucket(logs awss3.IBucket) awss3.Bucket {
	bucket := awss3.NewBucket(b.stack, jsii.String("ReportsBucket"), secureBucket(awss3.BucketProps{
		ObjectOwnership:        awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		ServerAccessLogsBucket: logs,
		ServerAccessLogsPrefix: jsii.String("s3/reports/"),
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Id:                                  jsii.String("expire-reports"),
			Expiration:                          awscdk.Duration_Days(jsii.Number(reportExpiryDays)),
			AbortIncompleteMultipartUploadAfter: awscdk.Duration_Days(jsii.Number(1)),
		}},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	}))
	// Backstop for the links' own expiry: whatever a function signs, S3 refuses a
	// signature older than the longest link we promise.
	bucket.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("DenyStaleSignatures"),
		Effect:     awsiam.Effect_DENY,
		Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
		Actions:    jsii.Strings("s3:*"),
		Resources:  &[]*string{bucket.BucketArn(), bucket.ArnForObjects(jsii.String("*"))},
		Conditions: &map[string]interface{}{
			"NumericGreaterThan": map[string]interface{}{"s3:signatureAge": maxLinkAgeMillis},
		},
	}))
	return bucket
}

// alarmTopic is where every alarm publishes. Subscribing is the operator's choice
// (settings: alarmEmail); an SNS topic costs nothing while quiet.
func (b *builder) alarmTopic() awssns.Topic {
	t := awssns.NewTopic(b.stack, jsii.String("Alarms"), &awssns.TopicProps{
		DisplayName: jsii.String("Shortlist alarms"),
		EnforceSSL:  jsii.Bool(true),
	})
	// EnforceSSL writes a topic policy with a single Deny, which replaces SNS's default
	// policy: without this Allow, CloudWatch may not publish and every alarm is silent.
	t.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchAlarmsPublish"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
		Actions:    jsii.Strings("sns:Publish"),
		Resources:  jsii.Strings(*t.TopicArn()),
		Conditions: &map[string]interface{}{
			"StringEquals": map[string]interface{}{"aws:SourceAccount": *b.stack.Account()},
		},
	}))
	if email := b.props.Settings.AlarmEmail; email != "" {
		t.AddSubscription(awssnssubscriptions.NewEmailSubscription(jsii.String(email), nil))
	}
	return t
}

// constructID turns a function name into a construct id: "scoring" → "Scoring".
func constructID(name string) string {
	var sb strings.Builder
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' }) {
		sb.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return sb.String()
}

// function creates one Lambda function with its own role and log group. The role has no
// managed policy: it may write to its own log group and do exactly what its spec lists.
// fns holds the functions made before (the invoked ones come first).
func (b *builder) function(name string, spec fnSpec, res resources, fns map[string]awslambda.Function) awslambda.Function {
	id := constructID(name)
	role := awsiam.NewRole(b.stack, jsii.String(id+"Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Shortlist " + name + " function"),
	})
	logGroup := awslogs.NewLogGroup(b.stack, jsii.String(id+"Logs"), &awslogs.LogGroupProps{
		Retention:     logRetention,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	logGroup.GrantWrite(role)

	if len(spec.Table) > 0 {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings(sorted(spec.Table)...),
			Resources: &[]*string{res.table.TableArn()},
		}))
	}
	if spec.QueryIndexes {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("dynamodb:Query"),
			Resources: &[]*string{jsii.String(*res.table.TableArn() + "/index/*")},
		}))
	}
	if len(spec.Bucket) > 0 {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings(sorted(spec.Bucket)...),
			Resources: &[]*string{res.reports.ArnForObjects(jsii.String("*"))},
		}))
	}
	if len(spec.BucketLevel) > 0 {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings(sorted(spec.BucketLevel)...),
			Resources: &[]*string{res.reports.BucketArn()},
		}))
	}
	if len(spec.UserPool) > 0 {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings(sorted(spec.UserPool)...),
			Resources: &[]*string{res.pool.UserPoolArn()},
		}))
	}
	values := map[string]*string{
		envTable:         res.table.TableName(),
		envReports:       res.reports.BucketName(),
		envPublicURL:     jsii.String(res.publicURL),
		envCognitoPool:   res.pool.UserPoolId(),
		envCognitoClient: res.poolClient.UserPoolClientId(),
	}
	if e := res.email; e != nil {
		values[envEmailFrom], values[envEmailConfig] = jsii.String(e.from), e.configSet.ConfigurationSetName()
		if spec.Email {
			role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings("ses:SendEmail"),
				Resources: &[]*string{e.identity.EmailIdentityArn(), e.configSetArn},
			}))
		}
	}
	if t := res.timers; t != nil {
		values[envScheduleGroup], values[envScheduleRole] = t.group.Ref(), t.role.RoleArn()
		if spec.Timers {
			role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings("scheduler:CreateSchedule"),
				Resources: &[]*string{t.schedules},
			}))
			role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings("iam:PassRole"),
				Resources: &[]*string{t.role.RoleArn()},
			}))
		}
	}
	for _, inv := range spec.Invokes {
		f, ok := fns[inv]
		if !ok {
			continue // not deployed (the mail function without the email settings)
		}
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("lambda:InvokeFunction"),
			Resources: &[]*string{f.FunctionArn()},
		}))
		if inv == mailFunction {
			values[envMailFunction] = f.FunctionName()
		}
	}
	env := map[string]*string{}
	for _, name := range spec.Env {
		if v := values[name]; v != nil {
			env[name] = v // a setting the deployment lacks (email) is left out
		}
	}
	if spec.Stream == nil && !spec.Invoked {
		// Every HTTP function checks that its request came through CloudFront.
		env[envOriginSecret] = res.originSecret
	}

	fn := awslambda.NewFunction(b.stack, jsii.String(id), &awslambda.FunctionProps{
		Description:  jsii.String("Shortlist " + name),
		Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("bootstrap"),
		// The directory holds bootstrap (and its zip, which the asset leaves out). A
		// directory asset is hashed by content: a rebuild of unchanged code is no update.
		Code: awslambda.Code_FromAsset(jsii.String(filepath.Join(b.props.BundleDir, name)), &awss3assets.AssetOptions{
			Exclude: jsii.Strings("*.zip"),
		}),
		MemorySize:    jsii.Number(spec.Memory),
		Timeout:       awscdk.Duration_Millis(jsii.Number(float64(spec.Timeout.Milliseconds()))),
		Role:          role,
		LogGroup:      logGroup,
		LoggingFormat: awslambda.LoggingFormat_JSON,
		Environment:   environment(env),
	})
	awscdk.Tags_Of(fn).Add(jsii.String("shortlist:function"), jsii.String(name), nil)

	b.alarm(id+"ErrorsAlarm", "Shortlist "+name+": the function failed (crash, timeout or unhandled error)",
		fn.MetricErrors(&awscloudwatch.MetricOptions{
			Period:    awscdk.Duration_Minutes(jsii.Number(5)),
			Statistic: jsii.String("Sum"),
		}), res.alarms)
	// Throttled invocations: the account's concurrency (1,000 by default, 10 on some new
	// accounts) is used up, and requests fail before any code runs.
	b.alarm(id+"ThrottlesAlarm", "Shortlist "+name+": invocations throttled (concurrency limit reached)",
		fn.MetricThrottles(&awscloudwatch.MetricOptions{
			Period:    awscdk.Duration_Minutes(jsii.Number(5)),
			Statistic: jsii.String("Sum"),
		}), res.alarms)
	if spec.Schedule > 0 {
		// A sweep logs "backlog": work its trigger missed (a completion never scored, a
		// report never rendered). The sweep recovers it; the alarm says triggers fail.
		b.alarm(id+"SweepBacklogAlarm", "Shortlist "+name+": the sweep found work its trigger missed",
			b.logMetric(id+"SweepBacklog", logGroup, `{ $.backlog > 0 }`, name+"-sweep-backlog", "$.backlog", 15, ""), res.alarms)
	}
	// Every error the code logs (slog's JSON level "ERROR"): what a handler answered as a
	// 500, and stream records that failed, even when a retry later succeeded.
	b.alarm(id+"ErrorLogsAlarm", "Shortlist "+name+": errors in the function's log",
		b.logMetric(id+"ErrorLogs", logGroup, `{ $.level = "ERROR" }`, name+"-error-logs", "1", 5, ""), res.alarms)
	return fn
}

// logMetric turns the lines of group that match pattern into the Shortlist metric name
// (each line adds value), summed over minutes; label names it on the dashboard.
func (b *builder) logMetric(id string, group awslogs.ILogGroup, pattern, name, value string, minutes float64, label string) awscloudwatch.IMetric {
	f := awslogs.NewMetricFilter(b.stack, jsii.String(id), &awslogs.MetricFilterProps{
		LogGroup:        group,
		FilterPattern:   awslogs.FilterPattern_Literal(jsii.String(pattern)),
		MetricNamespace: jsii.String("Shortlist"),
		MetricName:      jsii.String(name),
		MetricValue:     jsii.String(value),
	})
	opts := &awscloudwatch.MetricOptions{Period: awscdk.Duration_Minutes(jsii.Number(minutes)), Statistic: jsii.String("Sum")}
	if label != "" {
		opts.Label = jsii.String(label)
	}
	return f.Metric(opts)
}

// alarm fires on any occurrence (≥ 1 in five minutes) and is quiet when there is no data,
// which is the normal state of a system between assessment bursts.
func (b *builder) alarm(id, desc string, metric awscloudwatch.IMetric, topic awssns.ITopic) {
	a := awscloudwatch.NewAlarm(b.stack, jsii.String(id), &awscloudwatch.AlarmProps{
		AlarmDescription:   jsii.String(desc),
		Metric:             metric,
		Threshold:          jsii.Number(1),
		EvaluationPeriods:  jsii.Number(1),
		ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
		TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
	})
	a.AddAlarmAction(awscloudwatchactions.NewSnsAction(topic))
}

// streamTrigger feeds an event function from the table's stream. A failing record is
// isolated (bisect, partial batch responses) and retried; when it still fails, a pointer
// to it (shard and sequence numbers, not the record) goes to the function's DLQ, whose
// depth alarms.
func (b *builder) streamTrigger(name string, fn awslambda.Function, t *streamTrigger, res resources) {
	id := constructID(name)
	dlq := awssqs.NewQueue(b.stack, jsii.String(id+"Dlq"), &awssqs.QueueProps{
		Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
		EnforceSSL:      jsii.Bool(true),
		RetentionPeriod: awscdk.Duration_Days(jsii.Number(14)),
	})
	filters := make([]*map[string]interface{}, 0, len(t.Filters))
	for _, f := range t.Filters {
		filters = append(filters, &map[string]interface{}{"pattern": f})
	}
	var window awscdk.Duration
	if t.BatchingWindow > 0 {
		window = awscdk.Duration_Seconds(jsii.Number(t.BatchingWindow.Seconds()))
	}
	fn.AddEventSource(awslambdaeventsources.NewDynamoEventSource(res.table, &awslambdaeventsources.DynamoEventSourceProps{
		StartingPosition:        awslambda.StartingPosition_TRIM_HORIZON,
		BatchSize:               jsii.Number(t.BatchSize),
		MaxBatchingWindow:       window,
		BisectBatchOnError:      jsii.Bool(true),
		ReportBatchItemFailures: jsii.Bool(true),
		RetryAttempts:           jsii.Number(10),
		MaxRecordAge:            awscdk.Duration_Hours(jsii.Number(1)),
		OnFailure:               awslambdaeventsources.NewSqsDlq(dlq),
		Filters:                 &filters,
	}))
	b.alarm(id+"DlqAlarm", "Shortlist "+name+": stream records gave up after retries (see the DLQ)",
		dlq.MetricApproximateNumberOfMessagesVisible(&awscloudwatch.MetricOptions{
			Period:    awscdk.Duration_Minutes(jsii.Number(5)),
			Statistic: jsii.String("Maximum"),
		}), res.alarms)
	// A stream that falls behind (a batch failing over and over, or more work than the
	// function keeps up with) shows as the age of the oldest record it has not finished.
	a := awscloudwatch.NewAlarm(b.stack, jsii.String(id+"IteratorAgeAlarm"), &awscloudwatch.AlarmProps{
		AlarmDescription: jsii.String("Shortlist " + name + ": the table's stream is more than 10 minutes behind"),
		Metric: fn.Metric(jsii.String("IteratorAge"), &awscloudwatch.MetricOptions{
			Period:    awscdk.Duration_Minutes(jsii.Number(5)),
			Statistic: jsii.String("Maximum"),
		}),
		Threshold:          jsii.Number(10 * 60 * 1000),
		EvaluationPeriods:  jsii.Number(1),
		ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_THRESHOLD,
		TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
	})
	a.AddAlarmAction(awscloudwatchactions.NewSnsAction(res.alarms))
}

// httpAPI creates the HTTP API with a throttled, access-logged $default stage (routes
// get their own throttles in routes).
func (b *builder) httpAPI() awsapigatewayv2.HttpApi {
	httpAPI := awsapigatewayv2.NewHttpApi(b.stack, jsii.String("Api"), &awsapigatewayv2.HttpApiProps{
		Description: jsii.String("Shortlist API: routes from shared/api.Routes"),
		// The stage is made below, where throttling and access logs can be set.
		CreateDefaultStage: jsii.Bool(false),
	})
	accessLogs := awslogs.NewLogGroup(b.stack, jsii.String("ApiAccessLogs"), &awslogs.LogGroupProps{
		Retention:     logRetention,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	b.accessLogs = accessLogs
	stage := awsapigatewayv2.NewHttpStage(b.stack, jsii.String("ApiStage"), &awsapigatewayv2.HttpStageProps{
		HttpApi:    httpAPI,
		StageName:  jsii.String("$default"),
		AutoDeploy: jsii.Bool(true),
		// Routes without their own setting (none today) get the public class's limits.
		Throttle: &awsapigatewayv2.ThrottleSettings{
			RateLimit:  jsii.Number(b.props.Settings.throttle(classPublic).Rate),
			BurstLimit: jsii.Number(b.props.Settings.throttle(classPublic).Burst),
		},
	})
	b.stage = stage
	format, _ := json.Marshal(map[string]string{
		"requestId": "$context.requestId", "ip": "$context.identity.sourceIp",
		"requestTime": "$context.requestTime", "routeKey": "$context.routeKey",
		"status": "$context.status", "responseLength": "$context.responseLength",
		"latency": "$context.responseLatency", "integrationError": "$context.integrationErrorMessage",
	})
	stage.Node().DefaultChild().(awsapigatewayv2.CfnStage).SetAccessLogSettings(&awsapigatewayv2.CfnStage_AccessLogSettingsProperty{
		DestinationArn: accessLogs.LogGroupArn(),
		Format:         jsii.String(string(format)),
	})
	return httpAPI
}

// routes adds one API route per routing-table row, each integrated (payload v2) with its
// function and throttled by its class: a throttle per route, so a flood of one route
// (the anonymous catalog, say) never takes another route's capacity.
func (b *builder) routes(httpAPI awsapigatewayv2.HttpApi, dep deployment, fns map[string]awslambda.Function) {
	integrations := map[string]awsapigatewayv2integrations.HttpLambdaIntegration{}
	for _, name := range dep.HTTP {
		integrations[name] = awsapigatewayv2integrations.NewHttpLambdaIntegration(jsii.String(constructID(name)+"Integration"), fns[name], &awsapigatewayv2integrations.HttpLambdaIntegrationProps{
			PayloadFormatVersion: awsapigatewayv2.PayloadFormatVersion_VERSION_2_0(),
		})
	}
	settings := map[string]interface{}{}
	cfnStage := b.stage.Node().DefaultChild().(awsapigatewayv2.CfnStage)
	for _, r := range dep.Routes {
		added := httpAPI.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
			Path:        jsii.String(r.Path),
			Methods:     &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod(r.Method)},
			Integration: integrations[r.Function],
		})
		t := b.props.Settings.throttle(r.Class)
		settings[r.Key()] = map[string]interface{}{"ThrottlingRateLimit": t.Rate, "ThrottlingBurstLimit": t.Burst}
		// A stage's route settings name routes that must exist first.
		for _, route := range *added {
			cfnStage.Node().AddDependency(route)
		}
	}
	cfnStage.AddPropertyOverride(jsii.String("RouteSettings"), settings)
}

// site serves content/site from a private bucket through CloudFront (origin access
// control) and sends /v1/* to the API through the same distribution: the browser sees one
// origin, so there is no CORS to configure and the API inherits the security headers.
func (b *builder) site(logs awss3.IBucket, httpAPI awsapigatewayv2.HttpApi, originSecret *string) awscloudfront.Distribution {
	bucket := awss3.NewBucket(b.stack, jsii.String("SiteBucket"), secureBucket(awss3.BucketProps{
		ObjectOwnership:        awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		ServerAccessLogsBucket: logs,
		ServerAccessLogsPrefix: jsii.String("s3/site/"),
		// Only published files live here; they are redeployed from the repository.
		RemovalPolicy:     awscdk.RemovalPolicy_DESTROY,
		AutoDeleteObjects: jsii.Bool(true),
	}))

	headers := awscloudfront.NewResponseHeadersPolicy(b.stack, jsii.String("SecurityHeaders"), &awscloudfront.ResponseHeadersPolicyProps{
		Comment: jsii.String("Shortlist security headers (site and API)"),
		SecurityHeadersBehavior: &awscloudfront.ResponseSecurityHeadersBehavior{
			ContentSecurityPolicy: &awscloudfront.ResponseHeadersContentSecurityPolicy{
				ContentSecurityPolicy: jsii.String(contentSecurityPolicy), Override: jsii.Bool(true),
			},
			ContentTypeOptions: &awscloudfront.ResponseHeadersContentTypeOptions{Override: jsii.Bool(true)},
			FrameOptions: &awscloudfront.ResponseHeadersFrameOptions{
				FrameOption: awscloudfront.HeadersFrameOption_DENY, Override: jsii.Bool(true),
			},
			// no-referrer everywhere: responses carrying tokens must send it, and the site
			// has no reason to tell anyone where a candidate came from.
			ReferrerPolicy: &awscloudfront.ResponseHeadersReferrerPolicy{
				ReferrerPolicy: awscloudfront.HeadersReferrerPolicy_NO_REFERRER, Override: jsii.Bool(true),
			},
			StrictTransportSecurity: &awscloudfront.ResponseHeadersStrictTransportSecurity{
				AccessControlMaxAge: awscdk.Duration_Days(jsii.Number(730)),
				IncludeSubdomains:   jsii.Bool(true),
				Override:            jsii.Bool(true),
			},
		},
		CustomHeadersBehavior: &awscloudfront.ResponseCustomHeadersBehavior{
			CustomHeaders: &[]*awscloudfront.ResponseCustomHeader{
				{Header: jsii.String("Permissions-Policy"), Value: jsii.String("camera=(), microphone=(), geolocation=(), payment=(), usb=()"), Override: jsii.Bool(true)},
				{Header: jsii.String("Cross-Origin-Opener-Policy"), Value: jsii.String("same-origin"), Override: jsii.Bool(true)},
			},
		},
	})

	index := awscloudfront.NewFunction(b.stack, jsii.String("DirectoryIndex"), &awscloudfront.FunctionProps{
		Comment: jsii.String("Serve index.html for directory paths of the site"),
		Code:    awscloudfront.FunctionCode_FromInline(jsii.String(directoryIndex)),
		Runtime: awscloudfront.FunctionRuntime_JS_2_0(),
	})

	// The API's host name is the third part of https://<id>.execute-api.<region>.amazonaws.com.
	apiDomain := awscdk.Fn_Select(jsii.Number(2), awscdk.Fn_Split(jsii.String("/"), httpAPI.ApiEndpoint(), nil))
	apiOrigin := awscloudfrontorigins.NewHttpOrigin(apiDomain, &awscloudfrontorigins.HttpOriginProps{
		ProtocolPolicy:     awscloudfront.OriginProtocolPolicy_HTTPS_ONLY,
		OriginSslProtocols: &[]awscloudfront.OriginSslPolicy{awscloudfront.OriginSslPolicy_TLS_V1_2},
		CustomHeaders:      &map[string]*string{api.OriginHeader: originSecret},
	})
	// The catalog is the same for everyone: its answers (Cache-Control: public,
	// max-age=300; Vary: Accept-Language) are cached at the edge, keyed by the query and the
	// language, so a flood of catalog reads mostly never reaches the API.
	catalogCache := awscloudfront.NewCachePolicy(b.stack, jsii.String("CatalogCache"), &awscloudfront.CachePolicyProps{
		Comment:                    jsii.String("Shortlist catalog: the origin's max-age, by query and language"),
		DefaultTtl:                 awscdk.Duration_Minutes(jsii.Number(5)),
		MinTtl:                     awscdk.Duration_Seconds(jsii.Number(0)),
		MaxTtl:                     awscdk.Duration_Hours(jsii.Number(1)),
		QueryStringBehavior:        awscloudfront.CacheQueryStringBehavior_All(),
		HeaderBehavior:             awscloudfront.CacheHeaderBehavior_AllowList(jsii.String("Accept-Language")),
		CookieBehavior:             awscloudfront.CacheCookieBehavior_None(),
		EnableAcceptEncodingGzip:   jsii.Bool(true),
		EnableAcceptEncodingBrotli: jsii.Bool(true),
	})
	props := &awscloudfront.DistributionProps{
		Comment:           jsii.String("Shortlist: site and /v1 API on one origin"),
		DefaultRootObject: jsii.String("index.html"),
		HttpVersion:       awscloudfront.HttpVersion_HTTP2_AND_3,
		EnableLogging:     jsii.Bool(true),
		LogBucket:         logs,
		LogFilePrefix:     jsii.String("cloudfront/"),
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:                awscloudfrontorigins.S3BucketOrigin_WithOriginAccessControl(bucket, nil),
			ViewerProtocolPolicy:  awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
			CachePolicy:           awscloudfront.CachePolicy_CACHING_OPTIMIZED(),
			ResponseHeadersPolicy: headers,
			Compress:              jsii.Bool(true),
			FunctionAssociations: &[]*awscloudfront.FunctionAssociation{{
				Function:  index,
				EventType: awscloudfront.FunctionEventType_VIEWER_REQUEST,
			}},
		},
	}
	if d := b.props.Settings.Domain; d != nil {
		props.DomainNames = jsii.Strings(d.Name)
		props.Certificate = awscertificatemanager.Certificate_FromCertificateArn(b.stack, jsii.String("Certificate"), jsii.String(d.CertificateARN))
		props.MinimumProtocolVersion = awscloudfront.SecurityPolicyProtocol_TLS_V1_2_2021
	}
	if limit := b.props.Settings.WAFRateLimit; limit > 0 {
		props.WebAclId = b.webACL(limit).AttrArn()
	}
	dist := awscloudfront.NewDistribution(b.stack, jsii.String("Cdn"), props)
	// CloudFront tries behaviors in order: the catalog's before the rest of /v1.
	dist.AddBehavior(jsii.String("/v1/catalog/*"), apiOrigin, &awscloudfront.AddBehaviorOptions{
		ViewerProtocolPolicy:  awscloudfront.ViewerProtocolPolicy_HTTPS_ONLY,
		AllowedMethods:        awscloudfront.AllowedMethods_ALLOW_GET_HEAD_OPTIONS(),
		CachePolicy:           catalogCache,
		ResponseHeadersPolicy: headers,
	})
	dist.AddBehavior(jsii.String("/v1/*"), apiOrigin, &awscloudfront.AddBehaviorOptions{
		// HTTPS only, no redirect: a redirected POST would lose its body.
		ViewerProtocolPolicy: awscloudfront.ViewerProtocolPolicy_HTTPS_ONLY,
		AllowedMethods:       awscloudfront.AllowedMethods_ALLOW_ALL(),
		// Never cache API answers; with caching disabled, this policy forwards every
		// header (Authorization included), cookie and query string except Host.
		CachePolicy:           awscloudfront.CachePolicy_CACHING_DISABLED(),
		OriginRequestPolicy:   awscloudfront.OriginRequestPolicy_ALL_VIEWER_EXCEPT_HOST_HEADER(),
		ResponseHeadersPolicy: headers,
	})
	if d := b.props.Settings.Domain; d != nil && d.HostedZoneID != "" {
		zone := awsroute53.HostedZone_FromHostedZoneAttributes(b.stack, jsii.String("Zone"), &awsroute53.HostedZoneAttributes{
			HostedZoneId: jsii.String(d.HostedZoneID), ZoneName: jsii.String(d.HostedZoneName),
		})
		target := awsroute53.RecordTarget_FromAlias(awsroute53targets.NewCloudFrontTarget(dist))
		awsroute53.NewARecord(b.stack, jsii.String("SiteAlias"), &awsroute53.ARecordProps{Zone: zone, RecordName: jsii.String(d.Name), Target: target})
		awsroute53.NewAaaaRecord(b.stack, jsii.String("SiteAliasIpv6"), &awsroute53.AaaaRecordProps{Zone: zone, RecordName: jsii.String(d.Name), Target: target})
	}

	siteLogs := awslogs.NewLogGroup(b.stack, jsii.String("SiteDeploymentLogs"), &awslogs.LogGroupProps{
		Retention:     logRetention,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	awss3deployment.NewBucketDeployment(b.stack, jsii.String("SiteContent"), &awss3deployment.BucketDeploymentProps{
		Sources: &[]awss3deployment.ISource{awss3deployment.Source_Asset(jsii.String(b.props.SiteDir), &awss3assets.AssetOptions{
			Exclude: jsii.Strings("*.go"), // content/site/site.go embeds the site for the dev server
		})},
		DestinationBucket: bucket,
		// The site's files are not content-hashed: browsers revalidate, and every deploy
		// invalidates CloudFront, so an update shows at once.
		CacheControl:      &[]awss3deployment.CacheControl{awss3deployment.CacheControl_FromString(jsii.String("no-cache"))},
		Distribution:      dist,
		DistributionPaths: jsii.Strings("/*"),
		LogGroup:          siteLogs,
	})
	return dist
}

// rolesOf groups the deployed functions' role construct ids by the wildcards they hold.
func rolesOf(dep deployment, specs map[string]fnSpec) roleGroups {
	var query, bucket, stream, timers []string
	for _, name := range dep.all() {
		id := regexp.QuoteMeta(constructID(name) + "Role")
		spec := specs[name]
		if spec.QueryIndexes {
			query = append(query, id)
		}
		if len(spec.Bucket) > 0 {
			bucket = append(bucket, id)
		}
		if spec.Stream != nil {
			stream = append(stream, id)
		}
		if spec.Timers {
			timers = append(timers, id)
		}
	}
	anyOf := func(ids []string) *regexp.Regexp {
		if len(ids) == 0 {
			return regexp.MustCompile(`$.`) // matches nothing
		}
		return regexp.MustCompile("^(" + strings.Join(ids, "|") + ")$")
	}
	return roleGroups{query: anyOf(query), bucket: anyOf(bucket), stream: anyOf(stream), timers: anyOf(timers)}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func sorted(list []string) []string {
	out := append([]string{}, list...)
	sort.Strings(out)
	return out
}

// environment is nil for no variables (CloudFormation has no empty Environment).
func environment(env map[string]*string) *map[string]*string {
	if len(env) == 0 {
		return nil
	}
	return &env
}
