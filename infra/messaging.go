package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsscheduler"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsses"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/jsii-runtime-go"
)

// emailResources are the SES pieces email goes through: the domain identity (Easy DKIM),
// the configuration set every message is sent with, and the SNS topic its event
// destination publishes bounces and complaints to (the notify function marks the
// candidate). None bills while idle: SES charges per message, SNS per notification.
type emailResources struct {
	identity     awsses.EmailIdentity
	configSet    awsses.ConfigurationSet
	configSetArn *string
	topic        awssns.Topic
	from         string
}

// email creates the SES identity for the settings' domain, its configuration set and
// the bounce topic. The identity is verified once its DKIM records (stack outputs) are
// in the domain's DNS; a new account's SES is in the sandbox until AWS is asked to lift
// it (README, Deploy).
func (b *builder) email(s *EmailSettings) *emailResources {
	cs := awsses.NewConfigurationSet(b.stack, jsii.String("EmailConfigurationSet"), &awsses.ConfigurationSetProps{
		// The account-level suppression list also stops addresses that bounced or
		// complained while sending through this set.
		SuppressionReasons: awsses.SuppressionReasons_BOUNCES_AND_COMPLAINTS,
	})
	identity := awsses.NewEmailIdentity(b.stack, jsii.String("EmailIdentity"), &awsses.EmailIdentityProps{
		Identity:         awsses.Identity_Domain(jsii.String(s.Domain)),
		ConfigurationSet: cs,
	})
	topic := awssns.NewTopic(b.stack, jsii.String("EmailEvents"), &awssns.TopicProps{
		DisplayName: jsii.String("Shortlist email bounces and complaints"),
		EnforceSSL:  jsii.Bool(true),
	})
	// EnforceSSL's policy holds a Deny that replaces SNS's default policy: SES needs its
	// own Allow to publish, for this account's configuration set only.
	topic.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("SesPublish"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("ses.amazonaws.com"), nil)},
		Actions:    jsii.Strings("sns:Publish"),
		Resources:  jsii.Strings(*topic.TopicArn()),
		Conditions: &map[string]interface{}{
			"StringEquals": map[string]interface{}{"aws:SourceAccount": *b.stack.Account()},
		},
	}))
	cs.AddEventDestination(jsii.String("BouncesAndComplaints"), &awsses.ConfigurationSetEventDestinationOptions{
		Destination: awsses.EventDestination_SnsTopic(topic),
		Events:      &[]awsses.EmailSendingEvent{awsses.EmailSendingEvent_BOUNCE, awsses.EmailSendingEvent_COMPLAINT},
	})
	arn := b.stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("ses"), Resource: jsii.String("configuration-set"),
		ResourceName: cs.ConfigurationSetName()})
	return &emailResources{identity: identity, configSet: cs, configSetArn: arn, topic: topic, from: s.From}
}

// timerResources are where the notify function's one-time timers live: a schedule group
// (free), the schedules' ARN pattern in it, and the role EventBridge Scheduler invokes
// the function with.
type timerResources struct {
	group     awsscheduler.CfnScheduleGroup
	schedules *string
	role      awsiam.Role
}

func (b *builder) timers() *timerResources {
	group := awsscheduler.NewCfnScheduleGroup(b.stack, jsii.String("Timers"), &awsscheduler.CfnScheduleGroupProps{})
	role := awsiam.NewRole(b.stack, jsii.String("TimersRole"), &awsiam.RoleProps{
		Description: jsii.String("Shortlist: EventBridge Scheduler invokes the notify function's timers"),
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("scheduler.amazonaws.com"), &awsiam.ServicePrincipalOpts{
			Conditions: &map[string]interface{}{
				"StringEquals": map[string]interface{}{"aws:SourceAccount": *b.stack.Account()},
			},
		}),
	})
	schedules := b.stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("scheduler"), Resource: jsii.String("schedule"),
		ResourceName: awscdk.Fn_Join(jsii.String("/"), &[]*string{group.Ref(), jsii.String("*")})})
	return &timerResources{group: group, schedules: schedules, role: role}
}

// wireMessaging lets the Scheduler invoke the functions with timers (on that function
// alone) and subscribes those that read bounces to the email topic.
func (b *builder) wireMessaging(dep deployment, fns map[string]awslambda.Function, res resources) {
	for _, name := range dep.all() {
		spec := b.props.Functions[name]
		if spec.Timers && res.timers != nil {
			res.timers.role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings("lambda:InvokeFunction"),
				Resources: &[]*string{fns[name].FunctionArn()},
			}))
		}
		if spec.Bounces && res.email != nil {
			res.email.topic.AddSubscription(awssnssubscriptions.NewLambdaSubscription(fns[name], nil))
		}
	}
}
