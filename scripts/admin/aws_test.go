package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/encoding/cbor"

	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/dynamo/dynamotest"
	"shortlist/shared/store/table"
)

// The profile the tests sign in with, from temporary AWS config and credentials files.
const (
	testProfile = "shortlist-admin-test"
	testKeyID   = "AKIASHORTLISTADMINTEST"
	testRegion  = "eu-west-3"
)

// awsProfileOnly leaves the process with nothing but a named profile to sign in with:
// AWS_PROFILE, and AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE pointing at files in a
// temporary directory (the profile's region and keys); no AWS_ACCESS_KEY_ID, secret,
// session token, region, endpoint or table in the environment. It returns the DynamoDB
// Local endpoint the environment named before ("" if none).
func awsProfileOnly(t *testing.T) (dynamoEndpoint string) {
	t.Helper()
	dynamoEndpoint = os.Getenv(dynamo.EnvEndpoint)
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
		"AWS_DEFAULT_REGION", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", dynamo.EnvEndpoint, "AWS_ENDPOINT_URL_CLOUDFORMATION",
		"AWS_ENDPOINT_URL_CLOUDWATCH", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", table.EnvName, "SHORTLIST_DATA"} {
		t.Setenv(k, "") // restored after the test
		os.Unsetenv(k)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "config")
	creds := filepath.Join(dir, "credentials")
	if err := os.WriteFile(conf, []byte("[profile "+testProfile+"]\nregion = "+testRegion+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(creds, []byte("["+testProfile+"]\naws_access_key_id = "+testKeyID+"\naws_secret_access_key = notasecret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", conf)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_PROFILE", testProfile)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return dynamoEndpoint
}

// dynamoLocalTable creates a fresh table on DynamoDB Local and returns a proxy in front
// of it that keeps every request's Authorization header, so a test can see which
// credentials and region signed it. It skips when DynamoDB Local is not running (CI must
// run it).
func dynamoLocalTable(t *testing.T, endpoint string) (name, proxy string, auths func() []string) {
	t.Helper()
	name = dynamotest.Table(t, dynamotest.Client(t, endpoint))
	u, err := url.Parse(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return name, srv.URL, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), seen...) }
}

// signedByTheProfile fails t unless every request was signed with the profile's key
// for its region.
func signedByTheProfile(t *testing.T, auths []string, service string) {
	t.Helper()
	if len(auths) == 0 {
		t.Fatal("no request reached DynamoDB")
	}
	want := regexp.MustCompile(`Credential=` + testKeyID + `/\d{8}/` + testRegion + `/` + service + `/aws4_request`)
	for _, a := range auths {
		if !want.MatchString(a) {
			t.Fatalf("a request was signed %q, want the profile's key and region (%s)", a, want)
		}
	}
}

// With AWS_PROFILE alone (keys and region in the profile's files, none in the
// environment), the admin CLI signs in as that profile: against DynamoDB Local it creates
// an organisation and a key, every request signed with the profile's key and region.
func TestAdminSignsInWithTheProfile(t *testing.T) {
	endpoint := awsProfileOnly(t)
	name, proxy, auths := dynamoLocalTable(t, endpoint)
	t.Setenv(table.EnvName, name)
	t.Setenv(dynamo.EnvEndpoint, proxy)
	admin := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(context.Background(), args, os.Getenv, &out); err != nil {
			t.Fatalf("admin %v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	out := admin("org", "create", "Acme Hiring")
	org := regexp.MustCompile(`organisation ([a-z2-7]{26})`).FindStringSubmatch(out)
	if org == nil || !regexp.MustCompile(`API key \(shown once\): slk_\S{43}`).MatchString(out) {
		t.Fatalf("output %q", out)
	}
	admin("key", "create", org[1], "-label", "second")
	if list := admin("key", "list", org[1]); strings.Count(list, "active") != 2 || !strings.Contains(list, "second") {
		t.Fatalf("key list %q", list)
	}
	signedByTheProfile(t, auths(), "dynamodb")
}

// fakeAWS stands in for CloudFormation (the query protocol: a form with Action=...) and
// CloudWatch (RPC v2 CBOR: /service/GraniteServiceVersion20100801/operation/<op>), and
// records each call: there is no local emulator of either.
type fakeAWS struct {
	t      *testing.T
	stacks map[string]string // stack name → its TableName output
	alarms []cbor.Value      // DescribeAlarms' MetricAlarms
	mu     sync.Mutex
	calls  []fakeCall
}

type fakeCall struct {
	Service, Action string
	Params          map[string]string
	Auth            string
}

func (f *fakeAWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	call := fakeCall{Params: map[string]string{}, Auth: r.Header.Get("Authorization")}
	if op, ok := strings.CutPrefix(r.URL.Path, "/service/GraniteServiceVersion20100801/operation/"); ok {
		call.Service, call.Action = "cloudwatch", path.Base(op)
		if len(body) > 0 {
			v, err := cbor.Decode(body)
			if err != nil {
				f.t.Errorf("CloudWatch %s: undecodable CBOR body: %v", op, err)
			}
			m, _ := v.(cbor.Map)
			for k, x := range m {
				if s, ok := x.(cbor.String); ok {
					call.Params[k] = string(s)
				}
			}
		}
		f.record(call)
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		w.Header().Set("Content-Type", "application/cbor")
		switch call.Action {
		case "DescribeAlarms":
			w.Write(cbor.Encode(cbor.Map{"MetricAlarms": cbor.List(f.alarms)}))
		case "SetAlarmState":
			w.Write(cbor.Encode(cbor.Map{}))
		default:
			w.WriteHeader(400)
			w.Write(cbor.Encode(cbor.Map{"__type": cbor.String("InvalidAction"), "message": cbor.String("not faked")}))
		}
		return
	}
	form, _ := url.ParseQuery(string(body))
	call.Service, call.Action = "cloudformation", form.Get("Action")
	for k := range form {
		call.Params[k] = form.Get(k)
	}
	f.record(call)
	w.Header().Set("Content-Type", "text/xml")
	tableName, ok := f.stacks[form.Get("StackName")]
	if call.Action != "DescribeStacks" || !ok {
		w.WriteHeader(400)
		fmt.Fprintf(w, `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id %s does not exist</Message></Error><RequestId>r1</RequestId></ErrorResponse>`, form.Get("StackName"))
		return
	}
	fmt.Fprintf(w, `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>`+
		`<StackName>%s</StackName><StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-01-05T10:00:00Z</CreationTime><Outputs>`+
		`<member><OutputKey>SiteUrl</OutputKey><OutputValue>https://d111.cloudfront.net</OutputValue></member>`+
		`<member><OutputKey>TableName</OutputKey><OutputValue>%s</OutputValue></member>`+
		`</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></DescribeStacksResponse>`,
		form.Get("StackName"), tableName)
}

func (f *fakeAWS) record(c fakeCall) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
}

func (f *fakeAWS) taken() []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.calls
	f.calls = nil
	return out
}

// serveFakeAWS starts f and points the SDK's CloudFormation and CloudWatch endpoints at it.
func serveFakeAWS(t *testing.T, f *fakeAWS) {
	f.t = t
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ENDPOINT_URL_CLOUDFORMATION", srv.URL)
	t.Setenv("AWS_ENDPOINT_URL_CLOUDWATCH", srv.URL)
}

func alarm(name, state string, actions ...string) cbor.Value {
	list := cbor.List{}
	for _, a := range actions {
		list = append(list, cbor.String(a))
	}
	return cbor.Map{"AlarmName": cbor.String(name), "StateValue": cbor.String(state), "AlarmActions": list}
}

const topic = "arn:aws:sns:eu-west-3:123456789012:Shortlist-Alarms-X1"

// alarm-test finds one of the stack's alarms that notifies and is not in ALARM, sets it
// to ALARM with SetAlarmState and says what happens next; -alarm names one directly.
func TestAlarmTest(t *testing.T) {
	awsProfileOnly(t)
	f := &fakeAWS{alarms: []cbor.Value{
		alarm("Shortlist-AnswersErrorLogsAlarm-AAA", "OK"),                    // notifies nobody
		alarm("Shortlist-Api5xxAlarm-BBB", "ALARM", topic),                    // already in ALARM: no new email
		alarm("Shortlist-CatalogErrorsAlarm-CCC", "INSUFFICIENT_DATA", topic), // this one
		alarm("Shortlist-HrErrorsAlarm-DDD", "OK", topic),
	}}
	serveFakeAWS(t, f)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"alarm-test"}, os.Getenv, &out); err != nil {
		t.Fatalf("alarm-test: %v\n%s", err, out.String())
	}
	calls := f.taken()
	if len(calls) != 2 || calls[0].Action != "DescribeAlarms" || calls[0].Params["AlarmNamePrefix"] != "Shortlist-" {
		t.Fatalf("calls %+v, want DescribeAlarms with the stack's prefix, then SetAlarmState", calls)
	}
	set := calls[1]
	if set.Service != "cloudwatch" || set.Action != "SetAlarmState" || set.Params["AlarmName"] != "Shortlist-CatalogErrorsAlarm-CCC" ||
		set.Params["StateValue"] != "ALARM" || set.Params["StateReason"] == "" {
		t.Fatalf("SetAlarmState call %+v", set)
	}
	if !strings.Contains(set.Auth, "Credential="+testKeyID+"/") || !strings.Contains(set.Auth, "/"+testRegion+"/monitoring/aws4_request") {
		t.Errorf("SetAlarmState signed %q, want the profile's key and region", set.Auth)
	}
	for _, want := range []string{"Shortlist-CatalogErrorsAlarm-CCC set to ALARM in " + testRegion, topic, "returns to OK at its next evaluation"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	// -alarm (and -stack) name it: no listing.
	out.Reset()
	if err := run(context.Background(), []string{"alarm-test", "-stack", "Shortlist-staging", "-alarm", "Shortlist-staging-HrErrorsAlarm-EEE"}, os.Getenv, &out); err != nil {
		t.Fatal(err)
	}
	if calls := f.taken(); len(calls) != 1 || calls[0].Action != "SetAlarmState" || calls[0].Params["AlarmName"] != "Shortlist-staging-HrErrorsAlarm-EEE" {
		t.Fatalf("calls %+v, want one SetAlarmState of the named alarm", calls)
	}

	// A stack without alarms (not deployed in this region) is an error that says so.
	f.alarms = nil
	err := run(context.Background(), []string{"alarm-test", "-stack", "Nowhere"}, os.Getenv, &out)
	if err == nil || !strings.Contains(err.Error(), `"Nowhere-"`) {
		t.Fatalf("alarm-test without alarms: %v", err)
	}
}

// The table of a deployed stack is its TableName output: one DescribeStacks of the stack
// named, signed by the profile, in the profile's region; an unknown stack is an error
// that names it.
func TestStackOutputLookup(t *testing.T) {
	awsProfileOnly(t)
	f := &fakeAWS{stacks: map[string]string{"Shortlist": "Shortlist-TableCD117FA1-PROD", "Shortlist-staging": "Shortlist-staging-Table-STG"}}
	serveFakeAWS(t, f)
	ctx := context.Background()
	cfg, err := awsConfig(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != testRegion {
		t.Fatalf("region %q, want the profile's %q", cfg.Region, testRegion)
	}
	for stack, want := range f.stacks {
		got, err := stackOutput(ctx, cfg, stack, "TableName")
		if err != nil || got != want {
			t.Fatalf("TableName of %s: %q %v, want %q", stack, got, err, want)
		}
		calls := f.taken()
		if len(calls) != 1 || calls[0].Service != "cloudformation" || calls[0].Action != "DescribeStacks" || calls[0].Params["StackName"] != stack {
			t.Fatalf("calls %+v, want one DescribeStacks of %s", calls, stack)
		}
		if !strings.Contains(calls[0].Auth, "Credential="+testKeyID+"/") || !strings.Contains(calls[0].Auth, "/"+testRegion+"/cloudformation/aws4_request") {
			t.Errorf("DescribeStacks signed %q, want the profile's key and region", calls[0].Auth)
		}
	}
	if _, err := stackOutput(ctx, cfg, "Missing", "TableName"); err == nil || !strings.Contains(err.Error(), "stack Missing") {
		t.Fatalf("an unknown stack: %v", err)
	}
}

// Without TABLE_NAME or a local endpoint, -stack (or a profile alone) means the deployed
// stack: the commands work on the table its TableName output names, here on DynamoDB
// Local standing in for AWS's (AWS_ENDPOINT_URL reaches every service without an endpoint
// of its own), signed by the profile. -data still chooses the embedded store.
func TestAdminUsesTheStacksTable(t *testing.T) {
	endpoint := awsProfileOnly(t)
	name, proxy, auths := dynamoLocalTable(t, endpoint)
	f := &fakeAWS{stacks: map[string]string{"Shortlist-staging": name}}
	serveFakeAWS(t, f)
	ctx := context.Background()
	t.Setenv("AWS_ENDPOINT_URL", proxy)
	var out bytes.Buffer
	if err := run(ctx, []string{"-stack", "Shortlist-staging", "org", "create", "Acme"}, os.Getenv, &out); err != nil {
		t.Fatalf("org create: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "table "+name+" (stack Shortlist-staging, region "+testRegion+")") ||
		!strings.Contains(out.String(), "API key (shown once): slk_") {
		t.Fatalf("output %q", out.String())
	}
	if calls := f.taken(); len(calls) != 1 || calls[0].Params["StackName"] != "Shortlist-staging" {
		t.Fatalf("calls %+v", calls)
	}
	signedByTheProfile(t, auths(), "dynamodb")

	// AWS_PROFILE alone (no -stack) looks up the default stack's table.
	f.stacks["Shortlist"] = name
	out.Reset()
	if err := run(ctx, []string{"org", "create", "Beta"}, os.Getenv, &out); err != nil || !strings.Contains(out.String(), "(stack Shortlist, region") {
		t.Fatalf("org create with AWS_PROFILE alone: %v\n%s", err, out.String())
	}
	// -data chooses the embedded store whatever the profile says.
	out.Reset()
	if err := run(ctx, []string{"-data", t.TempDir(), "org", "create", "Gamma"}, os.Getenv, &out); err != nil || strings.Contains(out.String(), "stack") {
		t.Fatalf("org create with -data: %v\n%s", err, out.String())
	}
	if calls := f.taken(); len(calls) != 1 || calls[0].Params["StackName"] != "Shortlist" {
		t.Fatalf("calls %+v, want one lookup of the default stack", calls)
	}
}
