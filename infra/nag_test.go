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

// nagClean fails the test for every unacknowledged AwsSolutions finding on s (the
// assertions library lists each one, with its construct path, in its message).
func nagClean(t *testing.T, s *synthesized) {
	t.Helper()
	ann := assertions.Annotations_FromStack(s.stack)
	for kind, check := range map[string]func(*string, interface{}){"error": ann.HasNoError, "warning": ann.HasNoWarning} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("unacknowledged cdk-nag %s: %v", kind, r)
				}
			}()
			check(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*")))
		}()
	}
}
