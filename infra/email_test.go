package main

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
)

var (
	emailOnce sync.Once
	emailSt   *synthesized
	emailErr  error
)

// emailStack is the full stack with the email settings.
func emailStack(t *testing.T) *synthesized {
	t.Helper()
	emailOnce.Do(func() {
		emailSt, emailErr = synth(ShortlistStackProps{Settings: Settings{Stage: "dev",
			Email: &EmailSettings{Domain: "mail.example.com", From: "hiring@mail.example.com"}}})
	})
	if emailErr != nil {
		t.Fatal(emailErr)
	}
	return emailSt
}

// TestEmail: with the email settings the stack has the SES domain identity (its DKIM
// records as outputs), a configuration set whose event destination publishes bounces
// and complaints to an SNS topic that the notify function is subscribed to, and the mail
// function, the only one allowed ses:SendEmail (on the identity and the configuration
// set alone), invoked by notify; cdk-nag has nothing new to say. Without them (TestIAM,
// TestFunctions) none of that exists and invites are links only.
func TestEmail(t *testing.T) {
	s := emailStack(t)
	nagClean(t, s)
	ids := s.functionIDs()
	if want := keys(functions); !reflect.DeepEqual(keys(ids), want) {
		t.Fatalf("functions %v, want every declared one %v", keys(ids), want)
	}
	want := map[string][]string{}
	for name, a := range wantActions {
		want[name] = a
	}
	for name, a := range wantWithEmail {
		want[name] = a
	}
	checkIAM(t, s, want)
	for name, id := range ids {
		env, _ := props(s.resources("AWS::Lambda::Function")[id])["Environment"].(map[string]any)
		vars, _ := env["Variables"].(map[string]any)
		wantVars := wantEnv[name]
		if w, ok := wantEnvWithEmail[name]; ok {
			wantVars = w
		}
		if got := keys(vars); !reflect.DeepEqual(got, wantVars) {
			t.Errorf("%s: environment %v, want %v", name, got, wantVars)
		}
		if v, ok := vars["EMAIL_FROM"]; ok && v != "hiring@mail.example.com" {
			t.Errorf("%s: EMAIL_FROM = %v", name, v)
		}
	}

	identity := only(t, s, "AWS::SES::EmailIdentity")
	if p := props(identity); p["EmailIdentity"] != "mail.example.com" {
		t.Errorf("email identity %v", p)
	}
	cs := ""
	for id := range s.resources("AWS::SES::ConfigurationSet") {
		cs = id
	}
	if cs == "" {
		t.Fatal("no SES configuration set")
	}
	has(t, s, "AWS::SES::EmailIdentity", map[string]any{
		"ConfigurationSetAttributes": map[string]any{"ConfigurationSetName": map[string]any{"Ref": cs}},
	})
	has(t, s, "AWS::SES::ConfigurationSet", map[string]any{
		"SuppressionOptions": map[string]any{"SuppressedReasons": []any{"BOUNCE", "COMPLAINT"}},
	})
	dest := props(only(t, s, "AWS::SES::ConfigurationSetEventDestination"))
	ed, _ := dest["EventDestination"].(map[string]any)
	types := fmt.Sprint(ed["MatchingEventTypes"])
	topic := ref(ed["SnsDestination"].(map[string]any)["TopicARN"])
	if ref(dest["ConfigurationSetName"]) != cs || ed["Enabled"] != true || !strings.Contains(types, "bounce") || !strings.Contains(types, "complaint") {
		t.Errorf("event destination %v", dest)
	}
	if _, ok := s.resources("AWS::SNS::Topic")[topic]; !ok {
		t.Fatalf("the event destination publishes to %q, not a topic of the stack", topic)
	}
	has(t, s, "AWS::SNS::Subscription", map[string]any{
		"Protocol": "lambda", "TopicArn": map[string]any{"Ref": topic},
		"Endpoint": map[string]any{"Fn::GetAtt": []any{ids["notify"], "Arn"}},
	})
	has(t, s, "AWS::SNS::TopicPolicy", map[string]any{
		"PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
			"Effect": "Allow", "Action": "sns:Publish", "Principal": map[string]any{"Service": "ses.amazonaws.com"},
		})})},
	})
	// ses:SendEmail names the identity and the configuration set, nothing wider.
	for _, pol := range s.resources("AWS::IAM::Policy") {
		for _, st := range props(pol)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			st := st.(map[string]any)
			if st["Action"] != "ses:SendEmail" {
				continue
			}
			res := fmt.Sprint(st["Resource"])
			if strings.Contains(res, "*") || !strings.Contains(res, ":identity/ map[Ref:EmailIdentity") || !strings.Contains(res, ":configuration-set/ map[Ref:"+cs) {
				t.Errorf("ses:SendEmail on %s", res)
			}
		}
	}
	// The timers: a schedule group, and a role only EventBridge Scheduler assumes, allowed
	// to invoke the notify function alone.
	only(t, s, "AWS::Scheduler::ScheduleGroup")
	has(t, s, "AWS::IAM::Role", map[string]any{
		"AssumeRolePolicyDocument": map[string]any{"Statement": []any{assertions.Match_ObjectLike(&map[string]any{
			"Principal": map[string]any{"Service": "scheduler.amazonaws.com"},
		})}},
	})
	has(t, s, "AWS::IAM::Policy", map[string]any{
		"PolicyDocument": map[string]any{"Statement": []any{map[string]any{
			"Action": "lambda:InvokeFunction", "Effect": "Allow",
			"Resource": map[string]any{"Fn::GetAtt": []any{ids["notify"], "Arn"}},
		}}},
	})
	outputs, _ := s.doc["Outputs"].(map[string]any)
	var names []string
	for name := range outputs {
		if strings.HasPrefix(name, "EmailDkim") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) != 6 || outputs["EmailFrom"] == nil || fmt.Sprint(outputs["SettingEmail"].(map[string]any)["Value"]) != "hiring@mail.example.com" {
		t.Errorf("email outputs: %v (EmailFrom %v)", names, outputs["EmailFrom"])
	}

	// Without the settings: no SES, no mail function, no bounce topic.
	d := fullStack(t)
	for _, typ := range []string{"AWS::SES::EmailIdentity", "AWS::SES::ConfigurationSet", "AWS::SES::ConfigurationSetEventDestination"} {
		if n := len(d.resources(typ)); n != 0 {
			t.Errorf("dev stack: %d %s", n, typ)
		}
	}
	if _, ok := d.functionIDs()["mail"]; ok {
		t.Error("dev stack: a mail function without an email domain")
	}
}

// only returns the one resource of typ, failing if there is not exactly one.
func only(t *testing.T, s *synthesized, typ string) map[string]any {
	t.Helper()
	rs := s.resources(typ)
	if len(rs) != 1 {
		t.Fatalf("%d %s, want 1", len(rs), typ)
	}
	for _, r := range rs {
		return r
	}
	return nil
}
