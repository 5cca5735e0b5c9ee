package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

func TestMain(m *testing.M) {
	// The CDK's Node process warns at length about Node 20's end of life; the warning is
	// noise in test logs (scripts/services/cdk installs what the CLI needs).
	os.Setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
	code := m.Run()
	jsii.Close()
	for _, dir := range tempDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// tempDirs are the bundle and cloud-assembly directories synth made; TestMain removes
// them (synth has no *testing.T: fullStack's result is shared across tests).
var tempDirs []string

// synthesized is one stack's template and nag findings. Synthesis is the slow part of
// these tests (the CDK runs in Node), so each configuration is synthesized once.
type synthesized struct {
	stack    awscdk.Stack
	template assertions.Template
	doc      map[string]any // the template as JSON, for walking references
}

var (
	fullOnce sync.Once
	full     *synthesized
	fullErr  error
)

// fullStack is the real routing table and every declared function, event ones included,
// with dummy bundles so no build is needed.
func fullStack(t *testing.T) *synthesized {
	t.Helper()
	fullOnce.Do(func() { full, fullErr = synth(ShortlistStackProps{}) })
	if fullErr != nil {
		t.Fatal(fullErr)
	}
	return full
}

// synth builds a stack from props with a temporary bundle directory holding a dummy
// bootstrap for every declared function (the stack never runs them).
func synth(props ShortlistStackProps) (s *synthesized, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("synthesis panicked: %v", r)
		}
	}()
	dir, err := os.MkdirTemp("", "shortlist-bundles-")
	if err != nil {
		return nil, err
	}
	tempDirs = append(tempDirs, dir)
	specs := props.Functions
	if specs == nil {
		specs = functions
	}
	for name := range specs {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, name, "bootstrap"), []byte("#!/bin/sh\n# "+name+"\n"), 0o755); err != nil {
			return nil, err
		}
	}
	out, err := os.MkdirTemp("", "shortlist-cdk-out-")
	if err != nil {
		return nil, err
	}
	tempDirs = append(tempDirs, out)
	props.BundleDir = dir
	props.SiteDir = filepath.Join("..", "content", "site")
	app := newApp(&awscdk.AppProps{Outdir: jsii.String(out)})
	stack, err := NewShortlistStack(app, "Test", &props)
	if err != nil {
		return nil, err
	}
	tmpl := assertions.Template_FromStack(stack, nil)
	raw, err := json.Marshal(tmpl.ToJSON())
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	return &synthesized{stack: stack, template: tmpl, doc: doc}, nil
}

// resources returns the template's resources of one type, by logical id.
func (s *synthesized) resources(typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range s.doc["Resources"].(map[string]any) {
		res := r.(map[string]any)
		if res["Type"] == typ {
			out[id] = res
		}
	}
	return out
}

func props(res map[string]any) map[string]any {
	p, _ := res["Properties"].(map[string]any)
	return p
}

// functionIDs maps each Shortlist function name to its logical id (by its tag).
func (s *synthesized) functionIDs() map[string]string {
	out := map[string]string{}
	for id, res := range s.resources("AWS::Lambda::Function") {
		tags, _ := props(res)["Tags"].([]any)
		for _, tag := range tags {
			kv := tag.(map[string]any)
			if kv["Key"] == "shortlist:function" {
				out[kv["Value"].(string)] = id
			}
		}
	}
	return out
}

// has asserts with the assertions library, turning its panic into a test error.
func has(t *testing.T, s *synthesized, typ string, props any) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: %v", typ, r)
		}
	}()
	s.template.HasResourceProperties(jsii.String(typ), props)
}

// ref returns the logical id a {"Ref": id} or {"Fn::GetAtt": [id, attr]} points at.
func ref(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	if id, ok := m["Ref"].(string); ok {
		return id
	}
	if ga, ok := m["Fn::GetAtt"].([]any); ok && len(ga) > 0 {
		return ga[0].(string)
	}
	return ""
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func eventNames() []string {
	var out []string
	for name, spec := range functions {
		if spec.Stream != nil {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
