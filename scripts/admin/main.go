// Command admin manages organisations and HR API keys, requeues candidate reports for the
// reports sweep, and tests a deployed stack's alarms:
//
//	go run ./scripts/admin org create "Acme Hiring"     # prints the org id and its first key (once)
//	go run ./scripts/admin key create ORG_ID [-label L]  # another key (printed once)
//	go run ./scripts/admin key list ORG_ID
//	go run ./scripts/admin key revoke ORG_ID KEY_ID
//	go run ./scripts/admin reports requeue ORG_ID [ASSESSMENT_ID]  # the sweep re-renders missing files
//	go run ./scripts/admin counts recount ORG_ID [ASSESSMENT_ID]   # rebuild the assessments list's counts
//	go run ./scripts/admin alarm-test [-stack NAME] [-alarm NAME]  # one alarm to ALARM: the email arrives
//
// Which table it works on:
//
//   - TABLE_NAME with AWS_ENDPOINT_URL_DYNAMODB: that table on DynamoDB Local;
//   - TABLE_NAME alone: that table in AWS;
//   - -stack NAME, or AWS_PROFILE set (and no -data): the deployed stack's table, read from
//     its TableName output (stack "Shortlist" unless -stack names another);
//   - otherwise the dev server's embedded store (-data, default ./.shortlist; stop the dev
//     server first: it holds the file lock).
//
// Against AWS it signs in as the AWS CLI would (the SDK's default chain: AWS_PROFILE or
// the default profile in ~/.aws/config and ~/.aws/credentials, SSO sessions after `aws sso
// login`, environment keys), in the profile's region unless AWS_REGION says another:
//
//	AWS_PROFILE=prod go run ./scripts/admin org create "Acme"
//	AWS_PROFILE=prod go run ./scripts/admin -stack Shortlist-staging key list ORG_ID
//
// Keys are shown only when created; the store keeps their hashes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"shortlist/shared/app"
	"shortlist/shared/app/local"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

// DefaultStack is the stack name the CDK app deploys unless told another (-c stackName).
const DefaultStack = "Shortlist"

// awsConfig loads the SDK's default configuration: credentials from the default chain
// (environment, AWS_PROFILE or the default profile, SSO, ...) and the region from
// AWS_REGION or the profile. For a local endpoint (DynamoDB Local), which checks no
// signature, a missing region or missing credentials become placeholders and the EC2
// metadata service is not asked.
func awsConfig(ctx context.Context, local bool) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if local {
		opts = append(opts, config.WithEC2IMDSClientEnableState(imds.ClientDisabled))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("AWS configuration: %w", err)
	}
	if !local {
		if cfg.Region == "" {
			return aws.Config{}, errors.New("no AWS region: set AWS_REGION, or a region in your profile (aws configure)")
		}
		return cfg, nil
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := cfg.Credentials.Retrieve(rctx); err != nil {
		cfg.Credentials = aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider("local", "local", ""))
	}
	return cfg, nil
}

// stackOutput reads one output of a deployed CloudFormation stack.
func stackOutput(ctx context.Context, cfg aws.Config, stack, key string) (string, error) {
	out, err := cloudformation.NewFromConfig(cfg).DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(stack)})
	if err != nil {
		return "", fmt.Errorf("stack %s in %s: %w (name another with -stack, or set TABLE_NAME)", stack, cfg.Region, err)
	}
	for _, s := range out.Stacks {
		for _, o := range s.Outputs {
			if aws.ToString(o.OutputKey) == key && aws.ToString(o.OutputValue) != "" {
				return aws.ToString(o.OutputValue), nil
			}
		}
	}
	return "", fmt.Errorf("stack %s in %s has no %s output: is it Shortlist's stack?", stack, cfg.Region, key)
}

// target says where the commands work (see the package doc).
type target struct {
	data      string // the embedded store's directory
	dataSet   bool   // -data or SHORTLIST_DATA chose the embedded store
	stack     string
	stackSet  bool
	cfg       settings.Config // the settings from the environment (TABLE_NAME, the pool, ...)
	profile   string          // AWS_PROFILE: with neither -data nor SHORTLIST_DATA, the stack's table
	announced io.Writer       // told which table, when it is not the embedded store
}

// isAWS reports whether the target is a deployed stack's table (not DynamoDB Local, not
// the embedded store).
func isAWS(tg target) bool {
	name, endpoint := tg.cfg.Table, tg.cfg.AWS.DynamoEndpoint
	return endpoint == "" && name == "" && (tg.stackSet || (tg.profile != "" && !tg.dataSet))
}

// openTable opens the table the target names.
func openTable(ctx context.Context, tg target) (store.Table, func() error, error) {
	client, name, err := openDynamo(ctx, tg)
	if err != nil {
		return nil, nil, err
	}
	if client == nil {
		return local.Table(ctx, tg.cfg, tg.data)
	}
	return dynamo.New(client, name, table.Shortlist(), dynamo.Options{}), func() error { return nil }, nil
}

// openDynamo is the DynamoDB client and table name the target names, or a nil client
// when it names the embedded store.
func openDynamo(ctx context.Context, tg target) (*dynamodb.Client, string, error) {
	name, endpoint := tg.cfg.Table, tg.cfg.AWS.DynamoEndpoint
	switch {
	case name != "" && endpoint != "":
		cfg, err := awsConfig(ctx, true)
		if err != nil {
			return nil, "", err
		}
		return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
			o.BaseEndpoint = aws.String(endpoint)
			o.DisableValidateResponseChecksum = true // DynamoDB Local sends none
		}), name, nil
	case name != "":
		cfg, err := awsConfig(ctx, false)
		if err != nil {
			return nil, "", err
		}
		fmt.Fprintf(tg.announced, "table %s (TABLE_NAME, region %s)\n", name, cfg.Region)
		return dynamodb.NewFromConfig(cfg), name, nil
	case endpoint == "" && (tg.stackSet || (tg.profile != "" && !tg.dataSet)):
		cfg, err := awsConfig(ctx, false)
		if err != nil {
			return nil, "", err
		}
		name, err := stackOutput(ctx, cfg, tg.stack, "TableName")
		if err != nil {
			return nil, "", err
		}
		fmt.Fprintf(tg.announced, "table %s (stack %s, region %s)\n", name, tg.stack, cfg.Region)
		return dynamodb.NewFromConfig(cfg), name, nil
	}
	return nil, "", nil
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "admin:", err)
		os.Exit(2)
	}
}

const usage = `usage:
  admin [-data DIR | -stack NAME] org create NAME [-owner EMAIL]
  admin [-data DIR | -stack NAME] person add ORG_ID EMAIL [-role viewer|recruiter|owner]
  admin [-data DIR | -stack NAME] key create ORG_ID [-label LABEL] [-role viewer|recruiter|owner]
  admin [-data DIR | -stack NAME] key list ORG_ID
  admin [-data DIR | -stack NAME] key revoke ORG_ID KEY_ID
  admin [-data DIR | -stack NAME] reports requeue ORG_ID [ASSESSMENT_ID]
  admin [-data DIR | -stack NAME] counts recount ORG_ID [ASSESSMENT_ID]
  admin [-stack NAME] [-alarm NAME] alarm-test
  admin [-stack NAME] table restore-from SOURCE_TABLE`

func run(ctx context.Context, args []string, getenv app.Getenv, out io.Writer) error {
	env, err := settings.ConfigFromEnv(getenv)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("admin", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	data := fs.String("data", orDefault(getenv("SHORTLIST_DATA"), "./.shortlist"), "embedded store directory")
	label := fs.String("label", "", "a label for a new key")
	role := fs.String("role", string(assess.RoleOwner), "a new key's or person's role: viewer, recruiter or owner")
	owner := fs.String("owner", "", "org create: the email of the organisation's first owner (a person who signs in)")
	stack := fs.String("stack", DefaultStack, "the deployed CloudFormation stack")
	alarm := fs.String("alarm", "", "the alarm alarm-test sets off (default: one of the stack's)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%v\n%s", err, usage)
	}
	rest := fs.Args()
	// Flags may also follow the command words.
	var words []string
	for len(rest) > 0 {
		words = append(words, rest[0])
		if err := fs.Parse(rest[1:]); err != nil {
			return fmt.Errorf("%v\n%s", err, usage)
		}
		rest = fs.Args()
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if len(words) == 1 && words[0] == "alarm-test" {
		cfg, err := awsConfig(ctx, false)
		if err != nil {
			return err
		}
		return alarmTest(ctx, cfg, *stack, *alarm, out)
	}
	if len(words) < 2 {
		return errors.New(usage)
	}
	tg := target{data: *data, dataSet: set["data"] || getenv("SHORTLIST_DATA") != "",
		stack: *stack, stackSet: set["stack"], cfg: env, profile: getenv("AWS_PROFILE"), announced: out}
	if words[0] == "table" && words[1] == "restore-from" && len(words) == 3 {
		client, name, err := openDynamo(ctx, tg)
		if err != nil {
			return err
		}
		if client == nil {
			return errors.New("table restore-from works on a deployed table: name it with -stack or TABLE_NAME")
		}
		return restoreFrom(ctx, client, words[2], name, out)
	}
	t, closeTable, err := openTable(ctx, tg)
	if err != nil {
		return err
	}
	defer closeTable()
	repo := store.New(t)
	now := time.Now()
	switch {
	case words[0] == "org" && words[1] == "create" && len(words) == 3:
		org, err := assess.NewOrganisation(words[2], now)
		if err != nil {
			return err
		}
		k, secret, err := assess.NewAPIKey(org.ID, orDefault(*label, "first key"), "", now)
		if err != nil {
			return err
		}
		if err := repo.CreateOrganisation(ctx, org); err != nil {
			return err
		}
		if err := repo.CreateAPIKey(ctx, k); err != nil {
			return err
		}
		fmt.Fprintf(out, "organisation %s (%s)\nkey id %s\nAPI key (shown once): %s\n", org.ID, org.Name, k.ID, secret)
		if *owner != "" {
			pp, err := peopleFor(ctx, tg, isAWS(tg))
			if err != nil {
				return err
			}
			return addPerson(ctx, repo, pp, org.ID, *owner, assess.RoleOwner, out)
		}
	case words[0] == "person" && words[1] == "add" && len(words) == 4:
		r, err := assess.ParseRole(*role)
		if err != nil {
			return fmt.Errorf("-role %q: want viewer, recruiter or owner", *role)
		}
		pp, err := peopleFor(ctx, tg, isAWS(tg))
		if err != nil {
			return err
		}
		return addPerson(ctx, repo, pp, words[2], words[3], r, out)
	case words[0] == "key" && words[1] == "create" && len(words) == 3:
		if _, err := repo.Organisation(ctx, words[2]); err != nil {
			return fmt.Errorf("organisation %s: %w", words[2], err)
		}
		r, err := assess.ParseRole(*role)
		if err != nil {
			return fmt.Errorf("-role %q: want viewer, recruiter or owner", *role)
		}
		k, secret, err := assess.NewAPIKey(words[2], *label, "", now)
		if err != nil {
			return err
		}
		k.Role = r
		if err := repo.CreateAPIKey(ctx, k); err != nil {
			return err
		}
		fmt.Fprintf(out, "key id %s (%s)\nAPI key (shown once): %s\n", k.ID, k.Role, secret)
	case words[0] == "key" && words[1] == "list" && len(words) == 3:
		keys, err := repo.APIKeys(ctx, words[2])
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY ID\tLABEL\tROLE\tCREATED\tSTATUS")
		for _, k := range keys {
			status := "active"
			if !k.RevokedAt.IsZero() {
				status = "revoked " + k.RevokedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.ID, k.Label, k.Role, k.CreatedAt.Format(time.RFC3339), status)
		}
		return tw.Flush()
	case words[0] == "key" && words[1] == "revoke" && len(words) == 4:
		if err := repo.RevokeAPIKey(ctx, words[2], words[3], now); err != nil {
			return err
		}
		fmt.Fprintf(out, "revoked key %s\n", words[3])
	case words[0] == "reports" && words[1] == "requeue" && (len(words) == 3 || len(words) == 4):
		return requeueReports(ctx, repo, words[2], words[3:], out)
	case words[0] == "counts" && words[1] == "recount" && (len(words) == 3 || len(words) == 4):
		return recount(ctx, repo, words[2], words[3:], now, out)
	default:
		return errors.New(usage)
	}
	return nil
}

// recount rebuilds the invited and completed counts of the organisation's assessments (or
// of the one named) from their candidates and sessions: for an assessment stored before
// counting began, or counts that fell short (a failed or lost ADD, candidates removed at
// the end of their retention). It reads every candidate of each assessment (about 0.8 read
// units per candidate), so run it when the assessments are quiet.
func recount(ctx context.Context, repo *store.Repository, orgID string, only []string, now time.Time, out io.Writer) error {
	ids, err := assessmentIDs(ctx, repo, orgID, only)
	if err != nil {
		return err
	}
	for _, aid := range ids {
		c, err := repo.Recount(ctx, orgID, aid)
		if err != nil {
			return fmt.Errorf("assessment %s: %w", aid, err)
		}
		fmt.Fprintf(out, "assessment %s: %d invited, %d completed (%s)\n", aid, c.Invited, c.Completed, c.Status(now))
	}
	return nil
}

// assessmentIDs is the one assessment named (checked to be the organisation's), or every
// assessment of the organisation.
func assessmentIDs(ctx context.Context, repo *store.Repository, orgID string, only []string) ([]string, error) {
	if _, err := repo.Organisation(ctx, orgID); err != nil {
		return nil, fmt.Errorf("organisation %s: %w", orgID, err)
	}
	if len(only) > 0 {
		if _, err := repo.Assessment(ctx, orgID, only[0]); err != nil {
			return nil, fmt.Errorf("assessment %s: %w", only[0], err)
		}
		return only, nil
	}
	all, err := repo.Assessments(ctx, orgID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(all))
	for _, a := range all {
		ids = append(ids, a.ID)
	}
	return ids, nil
}

// requeueReports writes a pending-report marker for every scored candidate of the
// organisation's assessments (or of the one named): the reports sweep then checks each
// candidate's record and files and renders only what is missing, a bounded number per run.
// One write unit per scored candidate; nothing is rendered here.
func requeueReports(ctx context.Context, repo *store.Repository, orgID string, only []string, out io.Writer) error {
	ids, err := assessmentIDs(ctx, repo, orgID, only)
	if err != nil {
		return err
	}
	total := 0
	for _, aid := range ids {
		n := 0
		for cursor, first := "", true; first || cursor != ""; first = false {
			var cs []assess.Candidate
			var err error
			if cs, cursor, err = repo.CandidatesPage(ctx, orgID, aid, cursor, 500); err != nil {
				return err
			}
			sessions, err := repo.SessionsOf(ctx, cs)
			if err != nil {
				return err
			}
			for _, s := range sessions {
				if s.Status != assess.SessionScored {
					continue
				}
				// Pending since its completion: due at the next sweep.
				err := repo.MarkReportPending(ctx, assess.PendingReport{SessionID: s.ID, OrgID: orgID, AssessmentID: aid,
					CompletedAt: s.CompletedAt, Since: s.CompletedAt, RetainUntil: s.RetainUntil})
				if err != nil {
					return err
				}
				n++
			}
		}
		fmt.Fprintf(out, "assessment %s: %d scored candidates queued\n", aid, n)
		total += n
	}
	fmt.Fprintf(out, "%d queued: the reports sweep checks each one's files and renders what is missing, oldest first, a bounded number per run (in AWS every 15 minutes; the dev server at start and every minute)\n", total)
	return nil
}

// alarmTest sets one of the stack's alarms to ALARM, so the operator sees the
// notification arrive: the alarm named by alarm, or else one whose name starts with the
// stack's name (CloudFormation names them "<stack>-<id>-<suffix>") that notifies someone
// and is not in ALARM already (a state that does not change notifies nobody).
func alarmTest(ctx context.Context, cfg aws.Config, stack, alarm string, out io.Writer) error {
	cw := cloudwatch.NewFromConfig(cfg)
	var actions []string
	if alarm == "" {
		var fallback *cwtypes.MetricAlarm
		pages := cloudwatch.NewDescribeAlarmsPaginator(cw, &cloudwatch.DescribeAlarmsInput{
			AlarmNamePrefix: aws.String(stack + "-"), AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm}, MaxRecords: aws.Int32(100)})
		for alarm == "" && pages.HasMorePages() {
			page, err := pages.NextPage(ctx)
			if err != nil {
				return fmt.Errorf("listing the alarms of stack %s in %s: %w", stack, cfg.Region, err)
			}
			for i, a := range page.MetricAlarms {
				if len(a.AlarmActions) == 0 {
					continue
				}
				if a.StateValue == cwtypes.StateValueAlarm {
					if fallback == nil {
						fallback = &page.MetricAlarms[i]
					}
					continue
				}
				alarm, actions = aws.ToString(a.AlarmName), a.AlarmActions
				break
			}
		}
		if alarm == "" && fallback != nil {
			alarm, actions = aws.ToString(fallback.AlarmName), fallback.AlarmActions
			fmt.Fprintf(out, "every alarm of stack %s that notifies is in ALARM already (a real failure?): %s is set again, which sends nothing new\n", stack, alarm)
		}
		if alarm == "" {
			return fmt.Errorf("no alarm with actions whose name starts with %q in %s: is the stack deployed there? name one with -alarm", stack+"-", cfg.Region)
		}
	}
	_, err := cw.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{
		AlarmName:   aws.String(alarm),
		StateValue:  cwtypes.StateValueAlarm,
		StateReason: aws.String("Test from scripts/admin alarm-test: nothing failed; the alarm returns to OK at its next evaluation"),
	})
	if err != nil {
		return fmt.Errorf("setting alarm %s to ALARM in %s: %w", alarm, cfg.Region, err)
	}
	fmt.Fprintf(out, "alarm %s set to ALARM in %s (a test: nothing failed)\n", alarm, cfg.Region)
	if len(actions) > 0 {
		fmt.Fprintf(out, "it notifies %s: a confirmed email subscription gets the message within a minute or two\n", strings.Join(actions, ", "))
	}
	fmt.Fprintln(out, "no email? confirm the subscription (AWS sent a confirmation to alarmEmail at the first deploy) and check the spam folder")
	fmt.Fprintln(out, "the alarm returns to OK at its next evaluation (within a few minutes), which sends no email")
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
