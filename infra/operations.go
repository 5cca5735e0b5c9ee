package main

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsbudgets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awswafv2"
	"github.com/aws/jsii-runtime-go"

	"shortlist/shared/api"
)

// budget is an AWS Budgets cost budget for the month that emails the alarm address at
// 80% of actual and 100% of forecast spend. Budgets bill nothing for the first two per
// account. It covers the whole account unless cost-allocation tags (shortlist:stack) are
// activated and a filter added by hand: a budget is a tripwire, not an invoice.
func (b *builder) budget() {
	s := b.props.Settings
	if s.MonthlyBudgetUSD <= 0 {
		return
	}
	notify := func(kind string, pct float64) *awsbudgets.CfnBudget_NotificationWithSubscribersProperty {
		return &awsbudgets.CfnBudget_NotificationWithSubscribersProperty{
			Notification: &awsbudgets.CfnBudget_NotificationProperty{
				NotificationType:   jsii.String(kind),
				ComparisonOperator: jsii.String("GREATER_THAN"),
				Threshold:          jsii.Number(pct),
				ThresholdType:      jsii.String("PERCENTAGE"),
			},
			Subscribers: []*awsbudgets.CfnBudget_SubscriberProperty{{
				SubscriptionType: jsii.String("EMAIL"),
				Address:          jsii.String(s.AlarmEmail),
			}},
		}
	}
	awsbudgets.NewCfnBudget(b.stack, jsii.String("Budget"), &awsbudgets.CfnBudgetProps{
		Budget: &awsbudgets.CfnBudget_BudgetDataProperty{
			BudgetName:  jsii.String(*b.stack.StackName() + " monthly cost"),
			BudgetType:  jsii.String("COST"),
			TimeUnit:    jsii.String("MONTHLY"),
			BudgetLimit: &awsbudgets.CfnBudget_SpendProperty{Amount: jsii.Number(s.MonthlyBudgetUSD), Unit: jsii.String("USD")},
		},
		NotificationsWithSubscribers: []*awsbudgets.CfnBudget_NotificationWithSubscribersProperty{
			notify("ACTUAL", 80), notify("FORECASTED", 100),
		},
	})
}

// webACL is an AWS WAF web ACL for CloudFront with one rate-based rule per client IP
// (settings: wafRateLimitPer5Minutes). About $5 a month for the ACL, $1 for the rule and
// $0.60 per million requests: off by default, since per-route throttles and the
// application's per-session and per-organisation limits cost nothing at idle.
func (b *builder) webACL(limit int) awswafv2.CfnWebACL {
	visibility := func(name string) *awswafv2.CfnWebACL_VisibilityConfigProperty {
		return &awswafv2.CfnWebACL_VisibilityConfigProperty{
			CloudWatchMetricsEnabled: jsii.Bool(true),
			MetricName:               jsii.String(name),
			SampledRequestsEnabled:   jsii.Bool(true),
		}
	}
	return awswafv2.NewCfnWebACL(b.stack, jsii.String("WebAcl"), &awswafv2.CfnWebACLProps{
		Scope:            jsii.String("CLOUDFRONT"),
		Description:      jsii.String("Shortlist: requests per client IP per 5 minutes"),
		DefaultAction:    &awswafv2.CfnWebACL_DefaultActionProperty{Allow: &awswafv2.CfnWebACL_AllowActionProperty{}},
		VisibilityConfig: visibility("ShortlistWebAcl"),
		Rules: []*awswafv2.CfnWebACL_RuleProperty{{
			Name:     jsii.String("RatePerIp"),
			Priority: jsii.Number(0),
			Action:   &awswafv2.CfnWebACL_RuleActionProperty{Block: &awswafv2.CfnWebACL_BlockActionProperty{}},
			Statement: &awswafv2.CfnWebACL_StatementProperty{
				RateBasedStatement: &awswafv2.CfnWebACL_RateBasedStatementProperty{
					Limit:            jsii.Number(float64(limit)),
					AggregateKeyType: jsii.String("IP"),
				},
			},
			VisibilityConfig: visibility("ShortlistRatePerIp"),
		}},
	})
}

// dashboard shows, on one CloudWatch dashboard, the candidate funnel (sessions started,
// completed, scored), errors, latency and how far behind scoring and reports are. A
// dashboard costs $3 a month past the account's first three.
func (b *builder) dashboard(httpAPI awsapigatewayv2.HttpApi, dep deployment, fns map[string]awslambda.Function) {
	five := awscdk.Duration_Minutes(jsii.Number(5))
	count := func(id, name, pattern string) awscloudwatch.IMetric {
		return b.logMetric(id, b.accessLogs, pattern, name, "1", 5, name)
	}
	route := func(op string) string {
		for _, r := range api.Routes {
			if r.Op == op {
				p, _ := gatewayPath(r.Pattern)
				return r.Method + " " + p
			}
		}
		panic("no route " + op)
	}
	funnel := []awscloudwatch.IMetric{
		count("FunnelStarted", "sessions-started", fmt.Sprintf(`{ $.routeKey = "%s" && $.status = "201" }`, route("startSession"))),
		count("FunnelCompleted", "sessions-completed", fmt.Sprintf(`{ $.routeKey = "%s" && $.status = "200" }`, route("completeSession"))),
	}
	errors := []awscloudwatch.IMetric{
		httpAPI.MetricServerError(&awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("Sum"), Label: jsii.String("API 5xx")}),
		httpAPI.MetricClientError(&awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("Sum"), Label: jsii.String("API 4xx (incl. 429)")}),
	}
	var lag []awscloudwatch.IMetric
	for _, name := range dep.Events {
		fn := fns[name]
		errors = append(errors, fn.MetricErrors(&awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("Sum"), Label: jsii.String(name + " errors")}))
		lag = append(lag, fn.Metric(jsii.String("IteratorAge"), &awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("Maximum"), Label: jsii.String(name + " behind (ms)")}))
		if name == "scoring" {
			funnel = append(funnel, fn.MetricInvocations(&awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("Sum"), Label: jsii.String("scoring invocations")}))
		}
	}
	latency := []awscloudwatch.IMetric{}
	for _, stat := range []string{"p50", "p95", "p99"} {
		latency = append(latency, httpAPI.MetricLatency(&awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String(stat), Label: jsii.String("API " + stat)}))
	}
	graph := func(title string, left []awscloudwatch.IMetric) awscloudwatch.IWidget {
		return awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
			Title: jsii.String(title), Left: &left, Width: jsii.Number(12), Height: jsii.Number(6),
		})
	}
	awscloudwatch.NewDashboard(b.stack, jsii.String("Dashboard"), &awscloudwatch.DashboardProps{
		DashboardName: jsii.String(*b.stack.StackName() + "-overview"),
		Widgets: &[]*[]awscloudwatch.IWidget{
			{graph("Candidates: started, completed, scoring runs", funnel), graph("Errors", errors)},
			{graph("API latency (ms)", latency), graph("Scoring and reports lag", lag)},
		},
	})
}

// userPool is where HR people sign in: email addresses as usernames, no self sign-up (an
// owner invites), a strong password policy, TOTP as the only second factor (optional per
// person, or required by the mfa setting), recovery by email, and Cognito's Lite plan
// (no charge for the first 10,000 monthly active users, nothing while idle). The pool
// keeps people's accounts, so it is retained and protected from deletion like the table.
// Federation (SAML or OIDC from the customer's own identity provider) is a setting of the
// pool that the README describes; it needs the customer's metadata, so it is not made here.
func (b *builder) userPool(publicURL string) (awscognito.UserPool, awscognito.UserPoolClient) {
	mfa := awscognito.Mfa_OPTIONAL
	if b.props.Settings.MFA == "required" {
		mfa = awscognito.Mfa_REQUIRED
	}
	pool := awscognito.NewUserPool(b.stack, jsii.String("People"), &awscognito.UserPoolProps{
		UserPoolName:        jsii.String(*b.stack.StackName() + "-people"),
		SignInAliases:       &awscognito.SignInAliases{Email: jsii.Bool(true)},
		SignInCaseSensitive: jsii.Bool(false),
		SelfSignUpEnabled:   jsii.Bool(false),
		AutoVerify:          &awscognito.AutoVerifiedAttrs{Email: jsii.Bool(true)},
		StandardAttributes: &awscognito.StandardAttributes{
			Email: &awscognito.StandardAttribute{Required: jsii.Bool(true), Mutable: jsii.Bool(true)},
		},
		PasswordPolicy: &awscognito.PasswordPolicy{
			MinLength: jsii.Number(12), RequireLowercase: jsii.Bool(true), RequireUppercase: jsii.Bool(true),
			RequireDigits: jsii.Bool(true), RequireSymbols: jsii.Bool(true),
			TempPasswordValidity: awscdk.Duration_Days(jsii.Number(7)),
		},
		Mfa:                mfa,
		MfaSecondFactor:    &awscognito.MfaSecondFactor{Otp: jsii.Bool(true), Sms: jsii.Bool(false)},
		AccountRecovery:    awscognito.AccountRecovery_EMAIL_ONLY,
		FeaturePlan:        awscognito.FeaturePlan_LITE,
		DeletionProtection: jsii.Bool(true),
		RemovalPolicy:      awscdk.RemovalPolicy_RETAIN,
		UserInvitation: &awscognito.UserInvitationConfig{
			EmailSubject: jsii.String("Shortlist: tu acceso / your access"),
			EmailBody: jsii.String("Te invitaron al equipo de selección en Shortlist. Entra en " + publicURL +
				" con tu correo ({username}) y esta contraseña temporal: {####} (vale 7 días; elegirás una nueva).<br><br>" +
				"You have been invited to a hiring team on Shortlist. Sign in at " + publicURL +
				" with your email ({username}) and this temporary password: {####} (valid for 7 days; you will choose a new one)."),
		},
	})
	client := pool.AddClient(jsii.String("Console"), &awscognito.UserPoolClientOptions{
		AuthFlows:                  &awscognito.AuthFlow{UserPassword: jsii.Bool(true)},
		GenerateSecret:             jsii.Bool(false),
		PreventUserExistenceErrors: jsii.Bool(true),
		EnableTokenRevocation:      jsii.Bool(true),
		// Access tokens are verified in the functions without asking Cognito, so a revoked
		// one (sign-out) keeps working until it expires: 15 minutes bounds that, and the
		// console renews in the background from the refresh cookie.
		AccessTokenValidity:  awscdk.Duration_Minutes(jsii.Number(15)),
		IdTokenValidity:      awscdk.Duration_Minutes(jsii.Number(15)),
		RefreshTokenValidity: awscdk.Duration_Days(jsii.Number(30)),
	})
	return pool, client
}
