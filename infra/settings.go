package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Settings are one deployment's choices, kept in a checked-in file per stage
// (settings/<stage>.json) so that a plain `npx cdk deploy` months later deploys the same
// alarm address, domain, limits and budget instead of silently dropping them. `-c
// stage=<name>` picks the file; cdk.json names the default stage. The README's "Deploy to
// AWS" section documents every field.
type Settings struct {
	// Stage names the deployment ("dev", "prod", …): the file's name.
	Stage string `json:"-"`
	// StackName is the CloudFormation stack (default "Shortlist" for prod, else
	// "Shortlist-<stage>").
	StackName string `json:"stackName,omitempty"`
	// Account and Region pin where the stack deploys (empty: the CLI's profile decides).
	// The region is where candidate data lives: choose it for data residency.
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	// AlarmEmail receives alarms and budget alerts. Required outside a dev stage.
	AlarmEmail string `json:"alarmEmail,omitempty"`
	// Domain serves the site and API on the organisation's own name instead of
	// *.cloudfront.net.
	Domain *DomainSettings `json:"domain,omitempty"`
	// Throttles per route class (see routeClass); a missing class keeps its default.
	Throttles map[string]Throttle `json:"throttles,omitempty"`
	// MonthlyBudgetUSD creates an AWS Budgets cost budget that emails AlarmEmail at 80%
	// of actual and 100% of forecast spend (0: no budget).
	MonthlyBudgetUSD float64 `json:"monthlyBudgetUsd,omitempty"`
	// WAFRateLimit, if set, attaches an AWS WAF web ACL to CloudFront with one rate-based
	// rule: at most this many requests per client IP in any 5 minutes. Costs about
	// $5 + $1 a month plus $0.60 per million requests; needs the stack in us-east-1.
	WAFRateLimit int `json:"wafRateLimitPer5Minutes,omitempty"`
	// Tags are added to every resource (cost-allocation tags once activated in Billing).
	Tags map[string]string `json:"tags,omitempty"`
	// MFA is "optional" (each person may enrol an authenticator; the default) or
	// "required" (everyone enrols one at their first sign-in).
	MFA string `json:"mfa,omitempty"`
	// Email makes Shortlist send email (invitations, reminders, notices) through Amazon
	// SES from an address of this domain. Without it the deployment invites with links
	// only, and deploys no SES resources and no mail function.
	Email *EmailSettings `json:"email,omitempty"`
}

// EmailSettings name the domain Shortlist sends email from.
type EmailSettings struct {
	// Domain is verified as an SES identity with Easy DKIM: the stack outputs the three
	// CNAME records to add to its DNS.
	Domain string `json:"domain"`
	// From is the sender address, on Domain (default "no-reply@<domain>").
	From string `json:"from,omitempty"`
}

// DomainSettings put CloudFront on a custom name with an ACM certificate.
type DomainSettings struct {
	// Name is the host name candidates and HR see, e.g. "assess.example.com".
	Name string `json:"name"`
	// CertificateARN is an ACM certificate for Name in us-east-1 (CloudFront's region).
	CertificateARN string `json:"certificateArn"`
	// HostedZoneID and HostedZoneName, if set, add Route 53 alias records for Name.
	HostedZoneID   string `json:"hostedZoneId,omitempty"`
	HostedZoneName string `json:"hostedZoneName,omitempty"`
}

// Throttle is an API Gateway route throttle: steady requests per second and burst.
type Throttle struct {
	Rate  float64 `json:"rate"`
	Burst float64 `json:"burst"`
}

// Route classes: each API route belongs to one, and each class has its own throttle, so a
// flood of anonymous catalog or invite-preview requests cannot take the capacity that
// candidates' autosaves and HR's work need. See routeClass.
const (
	classPublic    = "public"    // catalog, API description, invite preview: anonymous
	classCandidate = "candidate" // session start and everything a candidate does
	classHR        = "hr"        // the console and integrations
)

// defaultThrottles are per route, not shared by the class: every candidate route has
// its own budget. Sized for a burst of a few hundred candidates autosaving every few
// seconds; account-wide, API Gateway allows 10,000 rps.
var defaultThrottles = map[string]Throttle{
	classPublic:    {Rate: 20, Burst: 40},
	classCandidate: {Rate: 200, Burst: 400},
	classHR:        {Rate: 50, Burst: 100},
}

var (
	stageName  = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)
	region     = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d$`)
	account    = regexp.MustCompile(`^\d{12}$`)
	hostName   = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$`)
	certARN    = regexp.MustCompile(`^arn:aws:acm:us-east-1:\d{12}:certificate/[0-9a-f-]+$`)
	tagKey     = regexp.MustCompile(`^[\w .:/=+@-]{1,128}$`)
	stackNames = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,127}$`)
)

// loadSettings reads settings/<stage>.json under root. A dev stage may have no file.
func loadSettings(root, stage string) (Settings, error) {
	if !stageName.MatchString(stage) {
		return Settings{}, fmt.Errorf("stage %q: want lower-case letters, digits and dashes", stage)
	}
	path := filepath.Join(root, "settings", stage+".json")
	s := Settings{}
	raw, err := os.ReadFile(path)
	switch {
	case os.IsNotExist(err) && stage == "dev":
	case err != nil:
		return Settings{}, fmt.Errorf("stage %q: %w (copy settings/prod.json and edit it)", stage, err)
	default:
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			return Settings{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	s.Stage = stage
	if err := s.validate(); err != nil {
		return Settings{}, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// validate checks every field and fills defaults; its errors name the field and the fix.
func (s *Settings) validate() error {
	if s.StackName == "" {
		s.StackName = "Shortlist"
		if s.Stage != "prod" {
			s.StackName = "Shortlist-" + s.Stage
		}
	}
	if !stackNames.MatchString(s.StackName) {
		return fmt.Errorf("stackName %q: letters, digits and dashes, starting with a letter", s.StackName)
	}
	if s.Account != "" && !account.MatchString(s.Account) {
		return fmt.Errorf("account %q: want the 12-digit AWS account id", s.Account)
	}
	if s.Region != "" && !region.MatchString(s.Region) {
		return fmt.Errorf("region %q: want a region code such as eu-west-1", s.Region)
	}
	if s.AlarmEmail == "" && s.Stage != "dev" {
		return fmt.Errorf("alarmEmail is required outside the dev stage: without it nobody hears of errors, throttling or spend")
	}
	if s.AlarmEmail != "" {
		if a, err := mail.ParseAddress(s.AlarmEmail); err != nil || a.Address != s.AlarmEmail {
			return fmt.Errorf("alarmEmail %q: want a plain address such as ops@example.com", s.AlarmEmail)
		}
	}
	if d := s.Domain; d != nil {
		d.Name = strings.ToLower(strings.TrimSuffix(d.Name, "."))
		if !hostName.MatchString(d.Name) {
			return fmt.Errorf("domain.name %q: want a host name such as assess.example.com", d.Name)
		}
		if !certARN.MatchString(d.CertificateARN) {
			return fmt.Errorf("domain.certificateArn %q: want an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from there)", d.CertificateARN)
		}
		if (d.HostedZoneID == "") != (d.HostedZoneName == "") {
			return fmt.Errorf("domain: set both hostedZoneId and hostedZoneName for a Route 53 record, or neither")
		}
	}
	classes := []string{classPublic, classCandidate, classHR}
	for class, t := range s.Throttles {
		if !contains(classes, class) {
			return fmt.Errorf("throttles.%s: unknown route class; classes are %s", class, strings.Join(classes, ", "))
		}
		if t.Rate <= 0 || t.Burst < t.Rate {
			return fmt.Errorf("throttles.%s: want rate > 0 and burst ≥ rate, got %v/%v", class, t.Rate, t.Burst)
		}
	}
	if s.MonthlyBudgetUSD < 0 {
		return fmt.Errorf("monthlyBudgetUsd: want a positive amount in US dollars, or 0 for no budget")
	}
	if s.MonthlyBudgetUSD > 0 && s.AlarmEmail == "" {
		return fmt.Errorf("monthlyBudgetUsd needs alarmEmail: a budget alerts by email")
	}
	if s.WAFRateLimit != 0 {
		if s.WAFRateLimit < 10 || s.WAFRateLimit > 2_000_000_000 {
			return fmt.Errorf("wafRateLimitPer5Minutes %d: AWS WAF accepts 10 to 2,000,000,000", s.WAFRateLimit)
		}
		if s.Region != "us-east-1" {
			return fmt.Errorf("wafRateLimitPer5Minutes: a web ACL for CloudFront must be created in us-east-1; set region to us-east-1 or leave the WAF out (per-route throttles and the application's limits still apply)")
		}
	}
	if e := s.Email; e != nil {
		e.Domain = strings.ToLower(strings.TrimSuffix(e.Domain, "."))
		if !hostName.MatchString(e.Domain) {
			return fmt.Errorf("email.domain %q: want a domain such as mail.example.com (its DNS takes the DKIM records)", e.Domain)
		}
		if e.From == "" {
			e.From = "no-reply@" + e.Domain
		}
		a, err := mail.ParseAddress(e.From)
		if err != nil || a.Address != e.From || !strings.HasSuffix(strings.ToLower(e.From), "@"+e.Domain) {
			return fmt.Errorf("email.from %q: want a plain address at %s, such as no-reply@%s", e.From, e.Domain, e.Domain)
		}
	}
	switch s.MFA {
	case "":
		s.MFA = "optional"
	case "optional", "required":
	default:
		return fmt.Errorf("mfa %q: want optional or required", s.MFA)
	}
	for k, v := range s.Tags {
		if !tagKey.MatchString(k) || len(v) > 256 || strings.HasPrefix(strings.ToLower(k), "aws:") {
			return fmt.Errorf("tags: %q=%q is not a valid tag", k, v)
		}
	}
	return nil
}

// throttle is the throttle of one route class.
func (s Settings) throttle(class string) Throttle {
	if t, ok := s.Throttles[class]; ok {
		return t
	}
	return defaultThrottles[class]
}

// echo lists every setting as name → value, for the stack's outputs: what a deployment
// was made with is readable from the console and `aws cloudformation describe-stacks`.
func (s Settings) echo() map[string]string {
	out := map[string]string{
		"Stage":      s.Stage,
		"Region":     orNone(s.Region),
		"AlarmEmail": orNone(s.AlarmEmail),
		"Budget":     "none",
		"Waf":        "off",
		"Domain":     "none (*.cloudfront.net)",
		"Mfa":        s.MFA,
		"Email":      "none (invites with links only)",
	}
	if s.Email != nil {
		out["Email"] = s.Email.From
	}
	if s.MonthlyBudgetUSD > 0 {
		out["Budget"] = fmt.Sprintf("%g USD/month", s.MonthlyBudgetUSD)
	}
	if s.WAFRateLimit > 0 {
		out["Waf"] = fmt.Sprintf("%d requests per IP per 5 minutes", s.WAFRateLimit)
	}
	if s.Domain != nil {
		out["Domain"] = s.Domain.Name
	}
	var th []string
	for _, class := range []string{classPublic, classCandidate, classHR} {
		t := s.throttle(class)
		th = append(th, fmt.Sprintf("%s %g/s burst %g", class, t.Rate, t.Burst))
	}
	out["Throttles"] = strings.Join(th, "; ") + " (per route)"
	var tags []string
	for k, v := range s.Tags {
		tags = append(tags, k+"="+v)
	}
	sort.Strings(tags)
	out["Tags"] = orNone(strings.Join(tags, ", "))
	return out
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
