package main

import (
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// acknowledgement accepts one cdk-nag AwsSolutions finding on the top-level constructs
// whose id matches, for a stated reason. Findings of granular rules (IAM4, IAM5) are
// accepted only for the exact detail (appliesTo), never the whole rule.
type acknowledgement struct {
	rule      string
	on        *regexp.Regexp // construct ids, as the stack names them
	appliesTo []any          // strings or *cdknag.RegexAppliesTo; nil: every finding of the rule
	reason    string
}

// bucketDeployment is the id of CDK's own site-upload function (a singleton per stack).
const bucketDeployment = `^Custom::CDKBucketDeployment[0-9A-F]+$`

func regex(re string) *cdknag.RegexAppliesTo {
	return &cdknag.RegexAppliesTo{Regex: jsii.String("/" + re + "/")}
}

// roleGroups match the construct ids of the function roles that hold each kind of
// wildcard, so an acknowledgement sits only on roles that have the statement.
type roleGroups struct {
	query  *regexp.Regexp // roles allowed dynamodb:Query (table/index/*)
	bucket *regexp.Regexp // roles with object actions on the reports bucket (bucket/*)
	stream *regexp.Regexp // event functions' roles, which read the table's stream
	timers *regexp.Regexp // roles that set EventBridge Scheduler timers (group/*)
}

// acknowledgements lists every finding this stack accepts.
func acknowledgements(roles roleGroups) []acknowledgement {
	return []acknowledgement{
		{
			rule: "AwsSolutions-IAM5", on: roles.query,
			appliesTo: []any{regex(`^Resource::<Table[0-9A-F]{8}\.Arn>\/index\/\*$`)},
			reason:    "Query is also allowed on the global secondary indexes of this one table (table/index/*); the index names belong to the shared table definition, and no other table is reachable.",
		},
		{
			rule: "AwsSolutions-IAM5", on: roles.bucket,
			appliesTo: []any{regex(`^Resource::<ReportsBucket[0-9A-F]{8}\.Arn>\/\*$`)},
			reason:    "Report object keys (organisation prefix, report id) are chosen at run time; the statement grants only the object actions declared for the function in infra/functions.go, on the reports bucket alone.",
		},
		{
			rule: "AwsSolutions-IAM5", on: roles.stream,
			appliesTo: []any{"Resource::*"},
			reason:    "dynamodb:ListStreams supports no resource-level permission (CDK's grantStreamRead); the stream's reads (DescribeStream, GetRecords, GetShardIterator) are scoped to this table's stream ARN. infra's IAM test fails if any other action gets Resource *.",
		},
		{
			rule: "AwsSolutions-IAM5", on: roles.timers,
			appliesTo: []any{regex(`^Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\/<Timers>\/\*$`)},
			reason:    "A timer's schedule is named at run time (one per assessment and hour for reminders, per digest window, per webhook retry); CreateSchedule is allowed only in the stack's own schedule group, and iam:PassRole only of the role that invokes this function.",
		},
		{
			rule: "AwsSolutions-SQS3", on: regexp.MustCompile(`Dlq$`),
			reason: "This queue is itself the dead-letter (on-failure) destination of a stream event source mapping; a DLQ of a DLQ would only move the problem.",
		},
		{
			rule: "AwsSolutions-COG2", on: regexp.MustCompile(`^People$`),
			reason: "MFA (TOTP) is optional by default so that a small team can start at once; each person may enrol an authenticator, and the setting mfa=required makes it mandatory for everyone (then this finding does not arise).",
		},
		{
			rule: "AwsSolutions-COG8", on: regexp.MustCompile(`^People$`),
			reason: "The Plus feature plan (threat protection) bills per monthly active user; the Lite plan is free for the first 10,000 and nothing while idle. Sign-in attempts are limited per address in the application, and Cognito's own limits apply. A customer can change the plan in the console.",
		},
		{
			rule: "AwsSolutions-APIG4", on: regexp.MustCompile(`^Api$`),
			reason: "Authentication is in the application, per route and role: HR people's access tokens (verified against the user pool's published keys, their membership and role read on every request), integrations' API keys and candidate session tokens (>=128 random bits, stored hashed, compared in constant time), and the catalog and invite redemption are public by design. An API Gateway authorizer would add a Lambda invocation, latency and cost to every request for checks the handlers must make anyway (organisation ownership).",
		},
		{
			rule: "AwsSolutions-CFR1", on: regexp.MustCompile(`^Cdn$`),
			reason: "Candidates take assessments from wherever they live; which countries to refuse is each customer's decision, not a default of the product.",
		},
		{
			rule: "AwsSolutions-CFR2", on: regexp.MustCompile(`^Cdn$`),
			reason: "AWS WAF has a fixed monthly fee per web ACL and rule (about $6 a month with one rate rule), which a pay-per-assessment deployment avoids by default; the API has per-route throttles, body size limits and per-session and per-organisation limits in the application. The setting wafRateLimitPer5Minutes attaches a web ACL with a rate-based rule.",
		},
		{
			rule: "AwsSolutions-CFR4", on: regexp.MustCompile(`^Cdn$`),
			reason: "Without the domain setting the distribution uses CloudFront's default *.cloudfront.net certificate, whose security policy CloudFront fixes at TLSv1; with it (an ACM certificate for the customer's name) the policy is TLSv1.2_2021. Origins are reached over TLS 1.2 only.",
		},
		{
			rule: "AwsSolutions-IAM4", on: regexp.MustCompile(bucketDeployment),
			appliesTo: []any{"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
			reason:    "CDK's BucketDeployment handler (uploads content/site at deploy time) comes with the basic execution role for its logs; it runs only during cdk deploy.",
		},
		{
			rule: "AwsSolutions-IAM5", on: regexp.MustCompile(bucketDeployment),
			appliesTo: []any{
				"Action::s3:GetBucket*", "Action::s3:GetObject*", "Action::s3:List*", "Action::s3:Abort*", "Action::s3:DeleteObject*",
				regex(`^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-<AWS::Region>\/\*$`),
				regex(`^Resource::<SiteBucket[0-9A-F]{8}\.Arn>\/\*$`),
				"Resource::*",
			},
			reason: "CDK's BucketDeployment grants: read of the CDK asset bucket's objects, sync (write, delete) of the site bucket's objects, and cloudfront:CreateInvalidation/GetInvalidation, which support no resource-level permission. It runs only during cdk deploy.",
		},
		{
			rule: "AwsSolutions-L1", on: regexp.MustCompile(bucketDeployment),
			reason: "CDK pins the Python runtime of its own BucketDeployment handler and moves it forward with CDK releases; the Shortlist functions run on provided.al2023.",
		},
	}
}

// acknowledge applies the acknowledgements to the stack's top-level constructs. Every
// other finding is an error that stops synthesis.
func acknowledge(stack awscdk.Stack, roles roleGroups) {
	for _, child := range *stack.Node().Children() {
		id := *child.Node().Id()
		var sup []*cdknag.NagPackSuppression
		for _, a := range acknowledgements(roles) {
			if !a.on.MatchString(id) {
				continue
			}
			s := &cdknag.NagPackSuppression{Id: jsii.String(a.rule), Reason: jsii.String(a.reason)}
			if a.appliesTo != nil {
				applies := append([]any{}, a.appliesTo...)
				s.AppliesTo = &applies
			}
			sup = append(sup, s)
		}
		if len(sup) > 0 {
			cdknag.NagSuppressions_AddResourceSuppressions(child, &sup, jsii.Bool(true))
		}
	}
}
