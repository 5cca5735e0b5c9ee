package main

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

// TestNagAwsSolutions: cdk-nag's AwsSolutions pack leaves no unacknowledged finding, error
// or warning; acknowledged ones live in nag.go with their reasons.
func TestNagAwsSolutions(t *testing.T) {
	nagClean(t, fullStack(t))
}

// nagClean fails the test for every unacknowledged AwsSolutions finding on s.
func nagClean(t *testing.T, s *synthesized) {
	t.Helper()
	ann := assertions.Annotations_FromStack(s.stack)
	for _, kind := range []string{"error", "warning"} {
		find := ann.FindError
		if kind == "warning" {
			find = ann.FindWarning
		}
		for _, m := range *find(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*"))) {
			t.Errorf("unacknowledged %s at %s: %v", kind, *m.Id, m.Entry.Data)
		}
	}
}
