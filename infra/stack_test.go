package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"shortlist/shared/api"
	appsettings "shortlist/shared/app/settings"
	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/table"
)

var logActions = []string{"logs:CreateLogStream", "logs:PutLogEvents"}

// wantActions is what each function is allowed to do, written out by hand: the IAM test
// compares every role's policies with it, so an action added to functions.go (or granted
// by a CDK helper) without being added here, on purpose, fails.
var wantActions = map[string][]string{
	"catalog": logActions,
	"hr": join(logActions, "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
		"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query on indexes", "s3:GetObject", "s3:PutObject",
		"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ListBucketVersions"),
	"sessions": join(logActions, "dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
		"dynamodb:UpdateItem", "dynamodb:DeleteItem", "s3:GetObject"),
	"answers": join(logActions, "dynamodb:GetItem", "dynamodb:PutItem"),
	"auth": join(logActions, "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
		"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query on indexes",
		"cognito-idp:AdminCreateUser", "cognito-idp:AdminDisableUser", "cognito-idp:AdminEnableUser"),
	"scoring": join(join(logActions, streamActions...),
		"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"),
	"reports": join(join(logActions, streamActions...),
		"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query on indexes",
		"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ListBucketVersions", "s3:ListBucket"),
	// Without the email settings: timers (webhook retries) but no mail function to invoke.
	"notify": join(join(logActions, streamActions...),
		"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query on indexes",
		"scheduler:CreateSchedule", "iam:PassRole"),
	// Deployed only with the email settings (TestEmail).
	"mail": join(logActions, "ses:SendEmail"),
}

// wantWithEmail is what changes with the email settings.
var wantWithEmail = map[string][]string{
	"notify": join(wantActions["notify"], "lambda:InvokeFunction"),
	"mail":   wantActions["mail"],
}

// streamActions read the table's stream and send a failed batch's pointer to the DLQ.
var streamActions = []string{
	"dynamodb:ListStreams", "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
	"sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
}

// wantEnv is each function's environment, by name: only what it uses. HTTP functions
// check the CloudFront origin secret.
var wantEnv = map[string][]string{
	"catalog":  {"ORIGIN_SECRET"}, // the catalog is embedded: no table, no bucket
	"hr":       {"COGNITO_CLIENT_ID", "COGNITO_POOL_ID", "ORIGIN_SECRET", "PUBLIC_URL", "REPORTS_BUCKET", "TABLE_NAME"},
	"auth":     {"COGNITO_CLIENT_ID", "COGNITO_POOL_ID", "ORIGIN_SECRET", "TABLE_NAME"},
	"sessions": {"ORIGIN_SECRET", "REPORTS_BUCKET", "TABLE_NAME"},
	"answers":  {"ORIGIN_SECRET", "TABLE_NAME"},
	"scoring":  {"TABLE_NAME"},
	"reports":  {"REPORTS_BUCKET", "TABLE_NAME"},
	"notify":   {"PUBLIC_URL", "SCHEDULE_GROUP", "SCHEDULE_ROLE_ARN", "TABLE_NAME"},
	"mail":     {"EMAIL_CONFIGURATION_SET", "EMAIL_FROM"},
}

// wantEnvWithEmail is what changes with the email settings.
var wantEnvWithEmail = map[string][]string{
	"hr":     {"COGNITO_CLIENT_ID", "COGNITO_POOL_ID", "EMAIL_FROM", "ORIGIN_SECRET", "PUBLIC_URL", "REPORTS_BUCKET", "TABLE_NAME"},
	"notify": {"MAIL_FUNCTION", "PUBLIC_URL", "SCHEDULE_GROUP", "SCHEDULE_ROLE_ARN", "TABLE_NAME"},
	"mail":   wantEnv["mail"],
}

// devFunctions are the functions a stack without the email settings deploys.
func devFunctions() []string {
	var out []string
	for name, spec := range functions {
		if !spec.Email {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func route(method, pattern, fn string) api.Route {
	return api.Route{Method: method, Pattern: pattern, Function: fn, Op: "op"}
}

func join(base []string, more ...string) []string {
	return append(append([]string{}, base...), more...)
}

func TestResolve(t *testing.T) {
	t.Parallel()
	specs := map[string]fnSpec{
		"web":    {Memory: 128, Timeout: time.Second},
		"batch":  {Memory: 128, Timeout: time.Second, Stream: &streamTrigger{Filters: []string{"{}"}, BatchSize: 1}},
		"nojson": {Memory: 128, Timeout: time.Second, Stream: &streamTrigger{Filters: []string{"{"}, BatchSize: 1}},
		"noenv":  {Memory: 128, Timeout: time.Second, Table: []string{"dynamodb:GetItem"}},
		"badenv": {Memory: 128, Timeout: time.Second, Env: []string{"HOME"}},
	}
	tests := []struct {
		name       string
		routes     []api.Route
		events     []string
		wantHTTP   []string
		wantEvents []string
		wantErr    string
	}{
		{name: "routes decide the HTTP functions", routes: []api.Route{route("GET", "/v1/a", "web"), route("POST", "/v1/b/{id}", "web")},
			events: []string{"batch"}, wantHTTP: []string{"web"}, wantEvents: []string{"batch"}},
		{name: "filter is not JSON", events: []string{"nojson"}, wantErr: "not JSON"},
		{name: "table actions without TABLE_NAME", routes: []api.Route{route("GET", "/v1/a", "noenv")}, wantErr: "without TABLE_NAME"},
		{name: "unknown variable", routes: []api.Route{route("GET", "/v1/a", "badenv")}, wantErr: "HOME"},
		{name: "no events selected", routes: nil, events: []string{}, wantEvents: nil},
		{name: "unknown function", routes: []api.Route{route("GET", "/v1/a", "ghost")}, wantErr: "does not declare"},
		{name: "event function behind a route", routes: []api.Route{route("GET", "/v1/a", "batch")}, wantErr: "is an event function"},
		{name: "HTTP function as an event", events: []string{"web"}, wantErr: "not declared with a Stream"},
		{name: "bad method", routes: []api.Route{route("FETCH", "/v1/a", "web")}, wantErr: "method"},
		{name: "bad pattern", routes: []api.Route{route("GET", "/v1/a/", "web")}, wantErr: "trailing slash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := resolve(tt.routes, specs, tt.events)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d.HTTP, tt.wantHTTP) || !reflect.DeepEqual(d.Events, tt.wantEvents) {
				t.Errorf("HTTP %v events %v, want %v %v", d.HTTP, d.Events, tt.wantHTTP, tt.wantEvents)
			}
		})
	}
	// The real table resolves, and every HTTP function of the routing table is deployed.
	d, err := resolve(api.Routes, functions, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.HTTP, api.Functions()) {
		t.Errorf("HTTP functions %v, want api.Functions() %v", d.HTTP, api.Functions())
	}
}

func TestGatewayPath(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want, err string }{
		{in: "/v1/catalog/roles", want: "/v1/catalog/roles"},
		{in: "/v1/catalog/roles/{roleId}", want: "/v1/catalog/roles/{roleId}"},
		{in: "/v1/openapi.json", want: "/v1/openapi.json"},
		{in: "/v1/files/{path...}", want: "/v1/files/{path+}"},
		{in: "/v1/{$}", want: "/v1"},
		{in: "/{$}", want: "/"},
		{in: "v1/x", err: "starting with /"},
		{in: "/v1/x/", err: "trailing slash"},
		{in: "/v1/{rest...}/x", err: "no API Gateway equivalent"},
		{in: "/v1/a b", err: "no API Gateway equivalent"},
	}
	for _, tt := range tests {
		got, err := gatewayPath(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("gatewayPath(%q) err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("gatewayPath(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestSpecsAreTested: every declared function has its actions and environment written out
// in this file, and passes its own checks.
func TestSpecsAreTested(t *testing.T) {
	t.Parallel()
	if !reflect.DeepEqual(keys(functions), keys(wantActions)) || !reflect.DeepEqual(keys(functions), keys(wantEnv)) {
		t.Errorf("functions %v, but wantActions covers %v and wantEnv %v", keys(functions), keys(wantActions), keys(wantEnv))
	}
	for name, spec := range functions {
		if spec.Memory < 128 || spec.Timeout <= 0 {
			t.Errorf("%s: memory %v MB, timeout %v: both must be explicit", name, spec.Memory, spec.Timeout)
		}
		if spec.Stream == nil && !spec.Invoked && spec.Timeout > 29*time.Second {
			t.Errorf("%s: an HTTP function's timeout %v exceeds API Gateway's 30 s", name, spec.Timeout)
		}
		if err := spec.check(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestFunctions(t *testing.T) {
	s := fullStack(t)
	ids := s.functionIDs()
	if !reflect.DeepEqual(keys(ids), devFunctions()) {
		t.Fatalf("functions in the template %v, want %v", keys(ids), devFunctions())
	}
	logGroups := s.resources("AWS::Logs::LogGroup")
	fns := s.resources("AWS::Lambda::Function")
	for name, id := range ids {
		t.Run(name, func(t *testing.T) {
			p := props(fns[id])
			spec := functions[name]
			want := map[string]any{
				"Runtime": "provided.al2023", "Handler": "bootstrap", "Architectures": []any{"arm64"},
				"MemorySize": spec.Memory, "Timeout": spec.Timeout.Seconds(),
			}
			for k, v := range want {
				if !reflect.DeepEqual(p[k], v) {
					t.Errorf("%s = %v, want %v", k, p[k], v)
				}
			}
			lc, _ := p["LoggingConfig"].(map[string]any)
			if lc["LogFormat"] != "JSON" {
				t.Errorf("LogFormat = %v, want JSON", lc["LogFormat"])
			}
			lg, ok := logGroups[ref(lc["LogGroup"])]
			if !ok || props(lg)["RetentionInDays"] != float64(180) {
				t.Errorf("log group %v: want its own group with 180-day retention, got %v", lc["LogGroup"], lg)
			}
			var env []string
			if e, ok := p["Environment"].(map[string]any); ok {
				env = keys(e["Variables"].(map[string]any))
			}
			if !reflect.DeepEqual(env, wantEnv[name]) {
				t.Errorf("environment %v, want %v", env, wantEnv[name])
			}
		})
	}
}

// TestIAM: each function's role has no managed or inline policies of its own, and its
// policies allow exactly wantActions; only dynamodb:ListStreams may name Resource "*".
func TestIAM(t *testing.T) {
	checkIAM(t, fullStack(t), wantActions)
}

// checkIAM compares every function role's allowed actions in s with want.
func checkIAM(t *testing.T, s *synthesized, wantActions map[string][]string) {
	fns := s.resources("AWS::Lambda::Function")
	roles := s.resources("AWS::IAM::Role")
	policies := s.resources("AWS::IAM::Policy")
	for name, id := range s.functionIDs() {
		t.Run(name, func(t *testing.T) {
			roleID := ref(props(fns[id])["Role"])
			rp := props(roles[roleID])
			if rp["ManagedPolicyArns"] != nil || rp["Policies"] != nil {
				t.Errorf("role has managed or inline policies: %v %v", rp["ManagedPolicyArns"], rp["Policies"])
			}
			got := map[string]bool{}
			for _, pol := range policies {
				pp := props(pol)
				attached := false
				for _, r := range pp["Roles"].([]any) {
					attached = attached || ref(r) == roleID
				}
				if !attached {
					continue
				}
				for _, st := range pp["PolicyDocument"].(map[string]any)["Statement"].([]any) {
					st := st.(map[string]any)
					if st["Effect"] != "Allow" {
						continue
					}
					actions := strings.Fields(fmt.Sprint(st["Action"]))
					for i, a := range actions {
						actions[i] = strings.Trim(a, "[]")
						if strings.Contains(actions[i], "*") {
							t.Errorf("wildcard action %s", actions[i])
						}
					}
					if st["Resource"] == "*" && !reflect.DeepEqual(actions, []string{"dynamodb:ListStreams"}) {
						t.Errorf("Resource * for %v: only dynamodb:ListStreams may have it", actions)
					}
					if strings.Contains(fmt.Sprint(st["Resource"]), "/index/*") {
						// The indexes are their own grant: only Query, and only where declared.
						if !reflect.DeepEqual(actions, []string{"dynamodb:Query"}) {
							t.Errorf("actions %v on the table's indexes: only Query may reach them", actions)
						}
						actions = []string{"dynamodb:Query on indexes"}
					}
					for _, a := range actions {
						got[a] = true
					}
				}
			}
			want := append([]string{}, wantActions[name]...)
			sort.Strings(want)
			if g := keys(got); !reflect.DeepEqual(g, want) {
				t.Errorf("actions\n got %v\nwant %v", g, want)
			}
		})
	}
}

func TestRoutes(t *testing.T) {
	s := fullStack(t)
	ids := s.functionIDs()
	integrations := s.resources("AWS::ApiGatewayV2::Integration")
	byKey := map[string]map[string]any{}
	for _, r := range s.resources("AWS::ApiGatewayV2::Route") {
		byKey[props(r)["RouteKey"].(string)] = props(r)
	}
	if len(byKey) != len(api.Routes) {
		t.Errorf("%d routes in the template, %d in api.Routes", len(byKey), len(api.Routes))
	}
	for _, r := range api.Routes {
		key := r.Method + " " + r.Pattern
		route, ok := byKey[key]
		if !ok {
			t.Errorf("no route %q", key)
			continue
		}
		parts := route["Target"].(map[string]any)["Fn::Join"].([]any)[1].([]any)
		integ := props(integrations[ref(parts[1])])
		if got := ref(integ["IntegrationUri"]); got != ids[r.Function] {
			t.Errorf("%s integrates %s, want function %s (%s)", key, got, r.Function, ids[r.Function])
		}
		if integ["PayloadFormatVersion"] != "2.0" || integ["IntegrationType"] != "AWS_PROXY" {
			t.Errorf("%s: integration %v %v, want AWS_PROXY 2.0", key, integ["IntegrationType"], integ["PayloadFormatVersion"])
		}
	}
	has(t, s, "AWS::ApiGatewayV2::Api", map[string]any{"ProtocolType": "HTTP"})
	has(t, s, "AWS::ApiGatewayV2::Stage", map[string]any{
		"StageName":  "$default",
		"AutoDeploy": true,
		"DefaultRouteSettings": map[string]any{
			"ThrottlingRateLimit": defaultThrottles[classPublic].Rate, "ThrottlingBurstLimit": defaultThrottles[classPublic].Burst,
		},
		"AccessLogSettings": map[string]any{
			"DestinationArn": assertions.Match_ObjectLike(&map[string]any{"Fn::GetAtt": assertions.Match_AnyValue()}),
			"Format":         assertions.Match_StringLikeRegexp(jsii.String(`\$context\.requestId`)),
		},
	})
}

// TestRoutesFollowTheTable: a routing table with a new function gets that function, its
// routes and its integration with no change to the stack.
func TestRoutesFollowTheTable(t *testing.T) {
	specs := map[string]fnSpec{
		"catalog": functions["catalog"],
		"widgets": {Memory: 128, Timeout: 5 * time.Second, Env: []string{envTable}, Table: []string{"dynamodb:GetItem"}},
	}
	routes := []api.Route{
		route("GET", "/v1/catalog/roles", "catalog"),
		route("GET", "/v1/widgets/{id}", "widgets"),
		route("DELETE", "/v1/widgets/{id}", "widgets"),
		route("GET", "/v1/files/{path...}", "widgets"),
	}
	s, err := synth(ShortlistStackProps{Routes: routes, Functions: specs, Events: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(s.functionIDs()); !reflect.DeepEqual(got, []string{"catalog", "widgets"}) {
		t.Errorf("functions %v", got)
	}
	for _, key := range []string{"GET /v1/catalog/roles", "GET /v1/widgets/{id}", "DELETE /v1/widgets/{id}", "GET /v1/files/{path+}"} {
		has(t, s, "AWS::ApiGatewayV2::Route", map[string]any{"RouteKey": key})
	}
	if n := len(s.resources("AWS::ApiGatewayV2::Integration")); n != 2 {
		t.Errorf("%d integrations, want one per function", n)
	}
	if n := len(s.resources("AWS::Lambda::EventSourceMapping")); n != 0 {
		t.Errorf("%d event source mappings with no event functions", n)
	}
}

func TestTable(t *testing.T) {
	s := fullStack(t)
	def := table.Shortlist()
	key := func(pk, sk string) []any {
		out := []any{map[string]any{"AttributeName": pk, "KeyType": "HASH"}}
		if sk != "" {
			out = append(out, map[string]any{"AttributeName": sk, "KeyType": "RANGE"})
		}
		return out
	}
	var gsis []any
	for _, ix := range def.Indexes {
		proj := map[string]any{"ProjectionType": ix.Projection}
		if len(ix.NonKey) > 0 {
			nonKey := make([]any, len(ix.NonKey))
			for i, a := range ix.NonKey {
				nonKey[i] = a
			}
			proj["NonKeyAttributes"] = nonKey
		}
		gsis = append(gsis, map[string]any{"IndexName": ix.Name, "KeySchema": key(ix.PartitionKey, ix.SortKey), "Projection": proj})
	}
	tables := s.resources("AWS::DynamoDB::Table")
	if len(tables) != 1 {
		t.Fatalf("%d tables, want one", len(tables))
	}
	has(t, s, "AWS::DynamoDB::Table", map[string]any{
		"KeySchema":                        key(def.PartitionKey, def.SortKey),
		"GlobalSecondaryIndexes":           gsis,
		"BillingMode":                      "PAY_PER_REQUEST",
		"PointInTimeRecoverySpecification": map[string]any{"PointInTimeRecoveryEnabled": true},
		"DeletionProtectionEnabled":        true,
		"TimeToLiveSpecification":          map[string]any{"AttributeName": def.TTLAttribute, "Enabled": true},
		"StreamSpecification":              map[string]any{"StreamViewType": def.StreamView},
	})
	for _, tbl := range tables {
		if tbl["DeletionPolicy"] != "Retain" {
			t.Errorf("table DeletionPolicy %v, want Retain", tbl["DeletionPolicy"])
		}
	}
}

func TestBuckets(t *testing.T) {
	s := fullStack(t)
	buckets := s.resources("AWS::S3::Bucket")
	policies := map[string]map[string]any{}
	for _, p := range s.resources("AWS::S3::BucketPolicy") {
		policies[ref(props(p)["Bucket"])] = props(p)["PolicyDocument"].(map[string]any)
	}
	find := func(prefix string) string {
		for id := range buckets {
			if strings.HasPrefix(id, prefix) {
				return id
			}
		}
		t.Fatalf("no bucket %s*", prefix)
		return ""
	}
	logs := find("LogBucket")
	tests := []struct {
		prefix     string
		logsTo     string // access-log prefix in the log bucket, "" for none
		expiryDays float64
		retain     bool
	}{
		{prefix: "ReportsBucket", logsTo: "s3/reports/", expiryDays: reportExpiryDays, retain: true},
		{prefix: "SiteBucket", logsTo: "s3/site/"},
		{prefix: "LogBucket", expiryDays: accessLogDays, retain: true},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			id := find(tt.prefix)
			p := props(buckets[id])
			bpa := map[string]any{"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true}
			if !reflect.DeepEqual(p["PublicAccessBlockConfiguration"], bpa) {
				t.Errorf("block public access: %v", p["PublicAccessBlockConfiguration"])
			}
			if !strings.Contains(fmt.Sprint(p["BucketEncryption"]), "SSEAlgorithm:AES256") {
				t.Errorf("encryption: %v", p["BucketEncryption"])
			}
			stmts := fmt.Sprint(policies[id])
			for _, want := range []string{"aws:SecureTransport:false", "s3:TlsVersion:1.2"} {
				if !strings.Contains(stmts, want) {
					t.Errorf("bucket policy lacks the %s deny: %s", want, stmts)
				}
			}
			lc, _ := p["LoggingConfiguration"].(map[string]any)
			if tt.logsTo != "" && (lc == nil || ref(lc["DestinationBucketName"]) != logs || lc["LogFilePrefix"] != tt.logsTo) {
				t.Errorf("access logging %v, want to %s/%s", lc, logs, tt.logsTo)
			}
			if tt.expiryDays > 0 && !strings.Contains(fmt.Sprint(p["LifecycleConfiguration"]), fmt.Sprintf("ExpirationInDays:%v", tt.expiryDays)) {
				t.Errorf("lifecycle %v, want expiry after %v days", p["LifecycleConfiguration"], tt.expiryDays)
			}
			if got := buckets[id]["DeletionPolicy"] == "Retain"; got != tt.retain {
				t.Errorf("retained on delete: %v, want %v", got, tt.retain)
			}
		})
	}
	// The backstop: no request to the reports bucket with a signature older than a link.
	has(t, s, "AWS::S3::BucketPolicy", map[string]any{
		"Bucket": map[string]any{"Ref": find("ReportsBucket")},
		"PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
			"Sid": "DenyStaleSignatures", "Effect": "Deny", "Action": "s3:*", "Principal": map[string]any{"AWS": "*"},
			"Condition": map[string]any{"NumericGreaterThan": map[string]any{"s3:signatureAge": maxLinkAgeMillis}},
		})})},
	})
}

func TestCDN(t *testing.T) {
	s := fullStack(t)
	dists := s.resources("AWS::CloudFront::Distribution")
	if len(dists) != 1 {
		t.Fatalf("%d distributions", len(dists))
	}
	var cfg map[string]any
	for _, d := range dists {
		cfg = props(d)["DistributionConfig"].(map[string]any)
	}
	origins := map[string]map[string]any{}
	for _, o := range cfg["Origins"].([]any) {
		origins[o.(map[string]any)["Id"].(string)] = o.(map[string]any)
	}
	def := cfg["DefaultCacheBehavior"].(map[string]any)
	site := origins[def["TargetOriginId"].(string)]
	if site["OriginAccessControlId"] == nil || !strings.HasPrefix(ref(site["DomainName"]), "SiteBucket") {
		t.Errorf("default origin %v: want the site bucket through origin access control", site)
	}
	if def["ViewerProtocolPolicy"] != "redirect-to-https" {
		t.Errorf("site viewer policy %v", def["ViewerProtocolPolicy"])
	}
	fa, _ := def["FunctionAssociations"].([]any)
	if len(fa) != 1 || fa[0].(map[string]any)["EventType"] != "viewer-request" ||
		!strings.HasPrefix(ref(fa[0].(map[string]any)["FunctionARN"]), "DirectoryIndex") {
		t.Errorf("site behavior functions %v: want the directory-index function on viewer requests", fa)
	}
	if _, ok := apiBehaviorFunctions(cfg); ok {
		t.Error("the /v1/* behavior must not rewrite API paths")
	}
	behaviors := cfg["CacheBehaviors"].([]any)
	if len(behaviors) != 2 {
		t.Fatalf("behaviors %v", behaviors)
	}
	// The cached catalog first: CloudFront takes the first pattern that matches.
	catB := behaviors[0].(map[string]any)
	if catB["PathPattern"] != "/v1/catalog/*" || ref(catB["CachePolicyId"]) == "" || catB["TargetOriginId"] != behaviors[1].(map[string]any)["TargetOriginId"] {
		t.Errorf("first behavior %v: want /v1/catalog/* to the API with its own cache policy", catB)
	}
	apiB := behaviors[1].(map[string]any)
	apiO := origins[apiB["TargetOriginId"].(string)]
	want := map[string]any{
		"PathPattern":           "/v1/*",
		"ViewerProtocolPolicy":  "https-only",
		"CachePolicyId":         "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", // Managed-CachingDisabled
		"OriginRequestPolicyId": "b689b0a8-53d0-40ab-baf2-68738e2966ac", // Managed-AllViewerExceptHostHeader
		"AllowedMethods":        []any{"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"},
	}
	for k, v := range want {
		if !reflect.DeepEqual(apiB[k], v) {
			t.Errorf("/v1/* %s = %v, want %v", k, apiB[k], v)
		}
	}
	if !strings.Contains(fmt.Sprint(apiO["DomainName"]), "ApiEndpoint") || !strings.Contains(fmt.Sprint(apiO["CustomOriginConfig"]), "https-only") {
		t.Errorf("/v1/* origin %v: want the HTTP API's endpoint over HTTPS", apiO)
	}
	if ref(def["ResponseHeadersPolicyId"]) == "" || ref(apiB["ResponseHeadersPolicyId"]) != ref(def["ResponseHeadersPolicyId"]) {
		t.Errorf("both behaviors need the security headers policy")
	}
	if !strings.HasPrefix(ref(cfg["Logging"].(map[string]any)["Bucket"]), "LogBucket") {
		t.Errorf("distribution logging %v", cfg["Logging"])
	}
	has(t, s, "AWS::CloudFront::ResponseHeadersPolicy", map[string]any{
		"ResponseHeadersPolicyConfig": map[string]any{
			"SecurityHeadersConfig": map[string]any{
				"ContentSecurityPolicy":   map[string]any{"ContentSecurityPolicy": contentSecurityPolicy, "Override": true},
				"ContentTypeOptions":      map[string]any{"Override": true},
				"FrameOptions":            map[string]any{"FrameOption": "DENY", "Override": true},
				"ReferrerPolicy":          map[string]any{"ReferrerPolicy": "no-referrer", "Override": true},
				"StrictTransportSecurity": map[string]any{"AccessControlMaxAgeSec": 730 * 86400, "IncludeSubdomains": true, "Override": true},
			},
		},
	})
	has(t, s, "Custom::CDKBucketDeployment", map[string]any{
		"DestinationBucketName": map[string]any{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^SiteBucket"))},
		"DistributionPaths":     []any{"/*"},
	})
}

func TestEventWiring(t *testing.T) {
	s := fullStack(t)
	ids := s.functionIDs()
	table := ""
	for id := range s.resources("AWS::DynamoDB::Table") {
		table = id
	}
	mappings := map[string]map[string]any{}
	for _, m := range s.resources("AWS::Lambda::EventSourceMapping") {
		mappings[ref(props(m)["FunctionName"])] = props(m)
	}
	if len(mappings) != len(eventNames()) {
		t.Errorf("%d event source mappings, want one per event function %v", len(mappings), eventNames())
	}
	queues := s.resources("AWS::SQS::Queue")
	for _, name := range eventNames() {
		t.Run(name, func(t *testing.T) {
			m := mappings[ids[name]]
			if m == nil {
				t.Fatal("no event source mapping")
			}
			if ref(m["EventSourceArn"]) != table || !strings.Contains(fmt.Sprint(m["EventSourceArn"]), "StreamArn") {
				t.Errorf("source %v, want the table's stream", m["EventSourceArn"])
			}
			want := map[string]any{
				"BisectBatchOnFunctionError": true,
				"FunctionResponseTypes":      []any{"ReportBatchItemFailures"},
				"StartingPosition":           "TRIM_HORIZON",
				"FilterCriteria":             map[string]any{"Filters": patterns(functions[name].Stream.Filters)},
			}
			for k, v := range want {
				if !reflect.DeepEqual(m[k], v) {
					t.Errorf("%s = %v, want %v", k, m[k], v)
				}
			}
			dlq := ref(m["DestinationConfig"].(map[string]any)["OnFailure"].(map[string]any)["Destination"])
			q, ok := queues[dlq]
			if !ok {
				t.Fatalf("on-failure destination %q is not a queue", dlq)
			}
			if props(q)["SqsManagedSseEnabled"] != true {
				t.Errorf("DLQ not encrypted: %v", props(q))
			}
			has(t, s, "AWS::CloudWatch::Alarm", map[string]any{
				"MetricName": "ApproximateNumberOfMessagesVisible", "Namespace": "AWS/SQS",
				"Dimensions": []any{map[string]any{"Name": "QueueName", "Value": map[string]any{"Fn::GetAtt": []any{dlq, "QueueName"}}}},
				"Threshold":  1, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
			})
		})
	}
	// Scheduled functions (the scoring sweep) have a rule that targets them.
	for name, spec := range functions {
		if spec.Schedule == 0 {
			continue
		}
		minutes := int(spec.Schedule.Minutes())
		unit := "minutes"
		if minutes == 1 {
			unit = "minute"
		}
		has(t, s, "AWS::Events::Rule", map[string]any{
			"ScheduleExpression": fmt.Sprintf("rate(%d %s)", minutes, unit),
			"State":              "ENABLED",
			"Targets": []any{assertions.Match_ObjectLike(&map[string]any{
				"Arn": map[string]any{"Fn::GetAtt": []any{ids[name], "Arn"}},
			})},
		})
	}
	// Every function alarms on errors, to the alarm topic.
	var topic string
	for id := range s.resources("AWS::SNS::Topic") {
		topic = id
	}
	for name, id := range ids {
		has(t, s, "AWS::CloudWatch::Alarm", map[string]any{
			"MetricName": "Errors", "Namespace": "AWS/Lambda",
			"Dimensions":   []any{map[string]any{"Name": "FunctionName", "Value": map[string]any{"Ref": id}}},
			"Threshold":    1,
			"AlarmActions": []any{map[string]any{"Ref": topic}},
		})
		_ = name
	}
}

func apiBehaviorFunctions(cfg map[string]any) (any, bool) {
	for _, b := range cfg["CacheBehaviors"].([]any) {
		if f, ok := b.(map[string]any)["FunctionAssociations"]; ok {
			return f, true
		}
	}
	return nil, false
}

// TestDirectoryIndex runs the CloudFront Function's code in Node (which the CDK needs
// anyway) against the paths the site uses.
func TestDirectoryIndex(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	cases := map[string]string{
		"/":                        "/index.html",
		"/take/":                   "/take/index.html",
		"/take":                    "/take/index.html",
		"/assets/css/app.css":      "/assets/css/app.css",
		"/assets/js/take/items.js": "/assets/js/take/items.js",
		"/v1.2/notes":              "/v1.2/notes/index.html",
	}
	in, _ := json.Marshal(cases)
	script := directoryIndex + `
const cases = ` + string(in) + `;
const out = {};
for (const uri in cases) out[uri] = handler({request: {uri}}).uri;
console.log(JSON.stringify(out));`
	raw, err := exec.Command(node, "-e", script).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, raw)
	}
	var got map[string]string
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	if !reflect.DeepEqual(got, cases) {
		t.Errorf("rewrites\n got %v\nwant %v", got, cases)
	}
}

func patterns(filters []string) []any {
	out := make([]any, len(filters))
	for i, f := range filters {
		out[i] = map[string]any{"Pattern": f}
	}
	return out
}

// TestScoringFilterMatchesTheStore: the scoring trigger's filter names the partition key
// that shared/store writes a pending-scoring marker under, so completions do trigger it.
func TestScoringFilterMatchesTheStore(t *testing.T) {
	t.Parallel()
	var f struct {
		EventName []string
		Dynamodb  struct {
			Keys map[string]map[string][]string
		}
	}
	filters := functions["scoring"].Stream.Filters
	if len(filters) != 1 {
		t.Fatalf("scoring filters %v", filters)
	}
	if err := json.Unmarshal([]byte(filters[0]), &f); err != nil {
		t.Fatal(err)
	}
	pks := f.Dynamodb.Keys[table.PK]["S"]
	if len(pks) != 1 || !reflect.DeepEqual(f.EventName, []string{"INSERT"}) {
		t.Fatalf("filter %s: want INSERT of one partition key", filters[0])
	}
	sk := fmt.Sprintf("%019d#%s", time.Now().UnixNano(), assess.NewID())
	if _, ok := store.PendingSessionID(pks[0], sk); !ok {
		t.Errorf("store.PendingSessionID(%q, %q) is not ok: the filter's key is not the store's pending marker", pks[0], sk)
	}
	if table.Shortlist().StreamView == "" {
		t.Error("the table definition has no stream, but the event functions read one")
	}
}

func TestOutputs(t *testing.T) {
	s := fullStack(t)
	outputs, _ := s.doc["Outputs"].(map[string]any)
	for _, name := range []string{"SiteUrl", "CloudFrontDomain", "TableName", "ReportsBucketName", "LogBucketName", "AlarmTopicArn",
		"SettingStage", "SettingAlarmEmail", "SettingDomain", "SettingThrottles", "SettingBudget", "SettingWaf", "SettingRegion", "SettingTags"} {
		if _, ok := outputs[name]; !ok {
			t.Errorf("no output %s (have %v)", name, keys(outputs))
		}
	}
}

// TestDeployable: the app leaves out event functions whose code has not landed, and
// refuses to synthesize a function without its bundle.
func TestDeployable(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(path string) {
		full := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("x"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bundles := filepath.Join(root, "dist")
	for _, fn := range api.Functions() {
		write(filepath.Join("functions", fn, "main.go"))
		write(filepath.Join("dist", fn, "bootstrap"))
	}
	events := eventNames()
	write(filepath.Join("functions", events[0], "main.go"))
	write(filepath.Join("dist", events[0], "bootstrap"))

	var warnings strings.Builder
	got, err := deployable(root, bundles, &warnings)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, events[:1]) {
		t.Errorf("deployable events %v, want %v", got, events[:1])
	}
	for _, skipped := range events[1:] {
		if !strings.Contains(warnings.String(), "functions/"+skipped+" does not exist yet") {
			t.Errorf("no warning that %s is left out: %q", skipped, warnings.String())
		}
	}
	if err := os.Remove(filepath.Join(bundles, api.Functions()[0], "bootstrap")); err != nil {
		t.Fatal(err)
	}
	if _, err := deployable(root, bundles, io.Discard); err == nil || !strings.Contains(err.Error(), "scripts/build") {
		t.Errorf("missing bundle: err = %v, want a pointer to scripts/build", err)
	}
	if err := os.Remove(filepath.Join(root, "functions", api.Functions()[0], "main.go")); err != nil {
		t.Fatal(err)
	}
	if _, err := deployable(root, bundles, io.Discard); err == nil || !strings.Contains(err.Error(), "routing table") {
		t.Errorf("route to a missing function: err = %v, want it named", err)
	}
}

// TestSettings: a prod-like deployment's settings reach the template: per-route throttles
// by class (candidate routes have their own), the alarm subscription, a custom domain
// (aliases, the ACM certificate, TLS 1.2+, a Route 53 alias, PUBLIC_URL on it), the
// budget, the WAF, tags, and every setting echoed as an output.
func TestSettings(t *testing.T) {
	set := Settings{
		Stage: "prod", Region: "us-east-1", AlarmEmail: "ops@example.com",
		Domain: &DomainSettings{
			Name: "assess.example.com", CertificateARN: "arn:aws:acm:us-east-1:123456789012:certificate/0f0e5d3c-1111-2222-3333-444455556666",
			HostedZoneID: "Z0123456789ABC", HostedZoneName: "example.com",
		},
		Throttles:        map[string]Throttle{classPublic: {Rate: 5, Burst: 10}, classCandidate: {Rate: 300, Burst: 600}},
		MonthlyBudgetUSD: 25, WAFRateLimit: 2000,
		Tags: map[string]string{"cost-center": "people"},
	}
	s, err := synth(ShortlistStackProps{Settings: set})
	if err != nil {
		t.Fatal(err)
	}
	nagClean(t, s)
	// Route throttles: each route by its class.
	var stage map[string]any
	for _, st := range s.resources("AWS::ApiGatewayV2::Stage") {
		stage = props(st)
	}
	routeSettings, _ := stage["RouteSettings"].(map[string]any)
	if len(routeSettings) != len(api.Routes) {
		t.Errorf("%d route settings, want one per route (%d)", len(routeSettings), len(api.Routes))
	}
	want := map[string]Throttle{
		"GET /v1/catalog/roles":    {5, 10},    // public, from the settings
		"POST /v1/invites/preview": {5, 10},    // public
		"PUT /v1/session/answers":  {300, 600}, // candidate, from the settings
		"POST /v1/sessions":        {300, 600},
		"GET /v1/assessments":      defaultThrottles[classHR], // not in the settings: default
	}
	for key, w := range want {
		got, _ := routeSettings[key].(map[string]any)
		if got["ThrottlingRateLimit"] != w.Rate || got["ThrottlingBurstLimit"] != w.Burst {
			t.Errorf("%s throttle %v, want %v", key, got, w)
		}
	}
	has(t, s, "AWS::SNS::Subscription", map[string]any{"Protocol": "email", "Endpoint": "ops@example.com"})
	has(t, s, "AWS::CloudFront::Distribution", map[string]any{
		"DistributionConfig": map[string]any{
			"Aliases": []any{"assess.example.com"},
			"ViewerCertificate": map[string]any{
				"AcmCertificateArn":      set.Domain.CertificateARN,
				"MinimumProtocolVersion": "TLSv1.2_2021",
				"SslSupportMethod":       "sni-only",
			},
			"WebACLId": assertions.Match_ObjectLike(&map[string]any{"Fn::GetAtt": assertions.Match_AnyValue()}),
		},
	})
	has(t, s, "AWS::Route53::RecordSet", map[string]any{"Name": "assess.example.com.", "Type": "A", "HostedZoneId": "Z0123456789ABC"})
	has(t, s, "AWS::Route53::RecordSet", map[string]any{"Name": "assess.example.com.", "Type": "AAAA"})
	has(t, s, "AWS::WAFv2::WebACL", map[string]any{
		"Scope": "CLOUDFRONT",
		"Rules": []any{assertions.Match_ObjectLike(&map[string]any{
			"Statement": map[string]any{"RateBasedStatement": map[string]any{"Limit": 2000, "AggregateKeyType": "IP"}},
		})},
	})
	has(t, s, "AWS::Budgets::Budget", map[string]any{
		"Budget": map[string]any{"BudgetType": "COST", "TimeUnit": "MONTHLY", "BudgetLimit": map[string]any{"Amount": 25, "Unit": "USD"}},
		"NotificationsWithSubscribers": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
			"Subscribers": []any{map[string]any{"SubscriptionType": "EMAIL", "Address": "ops@example.com"}},
		})}),
	})
	for _, fn := range s.resources("AWS::Lambda::Function") {
		env, _ := props(fn)["Environment"].(map[string]any)
		vars, _ := env["Variables"].(map[string]any)
		if u, ok := vars["PUBLIC_URL"]; ok && u != "https://assess.example.com" {
			t.Errorf("PUBLIC_URL %v, want the custom domain", u)
		}
	}
	has(t, s, "AWS::Lambda::Function", map[string]any{"Tags": assertions.Match_ArrayWith(&[]any{map[string]any{"Key": "cost-center", "Value": "people"}})})
	outputs, _ := s.doc["Outputs"].(map[string]any)
	for name, value := range map[string]string{"SettingDomain": "assess.example.com", "SettingAlarmEmail": "ops@example.com", "SettingBudget": "25 USD/month", "SettingStage": "prod"} {
		if got := fmt.Sprint(outputs[name].(map[string]any)["Value"]); got != value {
			t.Errorf("output %s = %q, want %q", name, got, value)
		}
	}

	// Without the settings: no budget, no WAF, no aliases; *.cloudfront.net and its
	// PUBLIC_URL.
	d := fullStack(t)
	for _, typ := range []string{"AWS::Budgets::Budget", "AWS::WAFv2::WebACL", "AWS::Route53::RecordSet", "AWS::SNS::Subscription"} {
		if n := len(d.resources(typ)); n != 0 {
			t.Errorf("dev stack: %d %s", n, typ)
		}
	}
}

// TestOriginVerify: CloudFront sends the origin secret to the API, and every HTTP
// function (and only those) is given the same value to check.
func TestOriginVerify(t *testing.T) {
	s := fullStack(t)
	var header any
	for _, d := range s.resources("AWS::CloudFront::Distribution") {
		cfg := props(d)["DistributionConfig"].(map[string]any)
		for _, o := range cfg["Origins"].([]any) {
			if hs, ok := o.(map[string]any)["OriginCustomHeaders"].([]any); ok {
				for _, h := range hs {
					if h.(map[string]any)["HeaderName"] == api.OriginHeader {
						header = h.(map[string]any)["HeaderValue"]
					}
				}
			}
		}
	}
	if header == nil || !strings.Contains(fmt.Sprint(header), "AWS::StackId") {
		t.Fatalf("the API origin sends %s = %v, want a value from the stack id", api.OriginHeader, header)
	}
	ids := s.functionIDs()
	for name, id := range ids {
		env, _ := props(s.resources("AWS::Lambda::Function")[id])["Environment"].(map[string]any)
		vars, _ := env["Variables"].(map[string]any)
		got, ok := vars[appsettings.EnvOriginSecret]
		if http := functions[name].Stream == nil && !functions[name].Invoked; http != ok {
			t.Errorf("%s: %s set = %v, want %v (HTTP functions only)", name, appsettings.EnvOriginSecret, ok, http)
		} else if ok && !reflect.DeepEqual(got, header) {
			t.Errorf("%s: %s = %v, want CloudFront's value %v", name, appsettings.EnvOriginSecret, got, header)
		}
	}
	// The catalog is cached at the edge; the rest of the API is not.
	has(t, s, "AWS::CloudFront::CachePolicy", map[string]any{
		"CachePolicyConfig": assertions.Match_ObjectLike(&map[string]any{
			"ParametersInCacheKeyAndForwardedToOrigin": assertions.Match_ObjectLike(&map[string]any{
				"HeadersConfig": map[string]any{"HeaderBehavior": "whitelist", "Headers": []any{"Accept-Language"}},
			}),
		}),
	})
}

// TestRun synthesizes through the app's own entry point, as `cdk synth` does: the stage
// from CDK_CONTEXT_JSON picks settings/<stage>.json, whose values reach the template; a
// stage other than dev without an alarm email does not synthesize.
func TestRun(t *testing.T) {
	root := t.TempDir()
	write := func(path, body string) {
		full := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, fn := range keys(functions) {
		write(filepath.Join("functions", fn, "main.go"), "package main")
		write(filepath.Join("dist", fn, "bootstrap"), "#!/bin/sh")
	}
	write(filepath.Join("content", "site", "index.html"), "<!doctype html>")
	write(filepath.Join("settings", "staging.json"), `{"stackName": "ShortlistStaging", "alarmEmail": "ops@example.com",
		"throttles": {"public": {"rate": 7, "burst": 14}}}`)
	write(filepath.Join("settings", "prod.json"), `{"alarmEmail": ""}`)
	out := t.TempDir()
	// The CDK reads these in its Node process, whose environment is fixed when it starts:
	// close it, so the next call starts one that sees them.
	t.Setenv("CDK_OUTDIR", out)
	t.Setenv("CDK_CONTEXT_JSON", `{"stage":"staging"}`)
	t.Cleanup(jsii.Close) // runs before the environment is restored: later tests get a clean process
	jsii.Close()
	if err := run(root); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(out, "ShortlistStaging.template.json"))
	if err != nil {
		entries, _ := os.ReadDir(out)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("%v (%s has %v)", err, out, names)
	}
	for _, want := range []string{`"ThrottlingBurstLimit": 14`, `"ThrottlingRateLimit": 7`, `"Endpoint": "ops@example.com"`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the template does not follow settings/staging.json: no %s", want)
		}
	}

	for ctx, wantErr := range map[string]string{
		`{"stage":"prod"}`:    "alarmEmail is required",
		`{"stage":"nowhere"}`: "settings/nowhere.json",
		`{"stage":"../x"}`:    "stage",
	} {
		t.Setenv("CDK_CONTEXT_JSON", ctx)
		jsii.Close()
		if err := run(root); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s: err = %v, want %q", ctx, err, wantErr)
		}
	}
}

// TestGrantsCoverWhatTheCodeUses: every DynamoDB action a function's code was seen to use
// (recorded by shared/api's tests into shared/api/testdata/function-actions.json) is one
// the stack grants it. Together with TestIAM (nothing beyond wantActions), a function gets
// what it needs and no more.
func TestGrantsCoverWhatTheCodeUses(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../shared/api/testdata/function-actions.json")
	if err != nil {
		t.Fatal(err)
	}
	var used map[string][]string
	if err := json.Unmarshal(b, &used); err != nil {
		t.Fatal(err)
	}
	if len(used) < 4 {
		t.Fatalf("the recording covers only %v", used)
	}
	for fn, actions := range used {
		granted := map[string]bool{}
		for _, a := range wantActions[fn] {
			granted[a] = true
		}
		if _, ok := functions[fn]; !ok {
			t.Errorf("the code runs as function %q, which the stack does not deploy", fn)
			continue
		}
		for _, a := range actions {
			if !granted[a] {
				t.Errorf("%s uses %s but is not granted it (infra/functions.go)", fn, a)
			}
		}
	}
}

// TestAlarmsCanPublish: the alarm topic's policy lets CloudWatch publish (EnforceSSL's
// policy holds a Deny that replaces SNS's default, so without an Allow every alarm would
// be silent), from this account only, over TLS.
func TestAlarmsCanPublish(t *testing.T) {
	s := fullStack(t)
	found := false
	for _, pol := range s.resources("AWS::SNS::TopicPolicy") {
		doc, _ := props(pol)["PolicyDocument"].(map[string]any)
		stmts, _ := doc["Statement"].([]any)
		for _, st := range stmts {
			m, _ := st.(map[string]any)
			principal := fmt.Sprint(m["Principal"])
			if m["Effect"] == "Allow" && strings.Contains(principal, "cloudwatch.amazonaws.com") && fmt.Sprint(m["Action"]) == "sns:Publish" &&
				strings.Contains(fmt.Sprint(m["Condition"]), "aws:SourceAccount") {
				found = true
			}
		}
	}
	if !found {
		t.Error("no topic policy statement allows cloudwatch.amazonaws.com to sns:Publish from this account")
	}
}

// TestAlarmsCoverWhatFunctionsHide: besides each function's Errors, the API's 5xx answers
// (HTTP functions answer their failures themselves), errors in each function's log, and
// each stream's lag have an alarm, and every alarm notifies the topic.
func TestAlarmsCoverWhatFunctionsHide(t *testing.T) {
	s := fullStack(t)
	metrics := map[string]int{}
	for _, a := range s.resources("AWS::CloudWatch::Alarm") {
		p := props(a)
		metrics[fmt.Sprint(p["MetricName"])]++
		if len(fmt.Sprint(p["AlarmActions"])) < 5 {
			t.Errorf("alarm %v notifies no one", p["AlarmDescription"])
		}
	}
	if metrics["5xx"] != 1 {
		t.Errorf("API 5xx alarms: %d, want 1 (%v)", metrics["5xx"], metrics)
	}
	if metrics["IteratorAge"] != len(eventNames()) {
		t.Errorf("iterator-age alarms: %d, want one per stream function (%d)", metrics["IteratorAge"], len(eventNames()))
	}
	logs := 0
	for name := range metrics {
		if strings.HasSuffix(name, "-error-logs") {
			logs++
		}
	}
	if want := len(s.functionIDs()); logs != want {
		t.Errorf("error-log alarms: %d, want one per function (%d)", logs, want)
	}
	if metrics["Throttles"] != len(s.functionIDs()) {
		t.Errorf("throttle alarms: %d, want one per function (%d)", metrics["Throttles"], len(s.functionIDs()))
	}
	if metrics["ApproximateNumberOfMessagesVisible"] != len(eventNames()) {
		t.Errorf("DLQ depth alarms: %d, want one per stream function", metrics["ApproximateNumberOfMessagesVisible"])
	}
	scheduled := 0
	for _, spec := range functions {
		if spec.Schedule > 0 {
			scheduled++
		}
	}
	backlog := 0
	for name := range metrics {
		if strings.HasSuffix(name, "-sweep-backlog") {
			backlog++
		}
	}
	if scheduled == 0 || backlog != scheduled {
		t.Errorf("sweep backlog alarms: %d, want one per scheduled function (%d)", backlog, scheduled)
	}
}
