package api_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"shortlist/shared/api"
)

// The Lambda side runs the same handlers on API Gateway HTTP API (payload 2.0) events;
// these fixtures are events as API Gateway sends them.
func TestLambdaEventFixtures(t *testing.T) {
	t.Parallel()
	h := api.LambdaHandler(newTestHandler(t, "catalog"))
	tests := []struct {
		fixture   string
		status    int
		contains  string
		requestID string
	}{
		{"apigw-v2-list-roles-es.json", 200, `"name":"Back office de ventas"`, "Jx1bPgHkIAMEcXA="},
		{"apigw-v2-get-role.json", 200, `"name":"Atención al cliente e-commerce"`, "Kq7sTgA0oAMEbRw="},
		{"apigw-v2-unknown-role.json", 404, `"code":"not_found"`, "Lr8tUhB1pBNFcSx="},
		{"apigw-v2-bad-base64-body.json", 400, `"code":"invalid"`, ""},
		{"apigw-v2-wrong-method.json", 405, `"code":"method_not_allowed"`, "Nt0vWjD3rDPHeUz="},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			var ev events.APIGatewayV2HTTPRequest
			if err := json.Unmarshal(b, &ev); err != nil {
				t.Fatal(err)
			}
			resp, err := h(context.Background(), ev)
			if err != nil {
				t.Fatalf("invocation failed: %v", err)
			}
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, resp.Body)
			}
			if !strings.Contains(resp.Body, tt.contains) {
				t.Errorf("body lacks %s: %s", tt.contains, resp.Body)
			}
			if ct := resp.Headers["Content-Type"]; !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			if tt.requestID != "" && resp.Headers["X-Request-Id"] != tt.requestID {
				t.Errorf("X-Request-Id %q, want API Gateway's %q", resp.Headers["X-Request-Id"], tt.requestID)
			}
		})
	}
}
