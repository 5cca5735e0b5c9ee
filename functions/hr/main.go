// Command hr is the Lambda function behind the HR management routes (assessments,
// invites, progress; see shared/api.Routes).
package main

import (
	"context"
	"fmt"
	"os"

	"shortlist/shared/api"
	"shortlist/shared/app"
)

func main() {
	if err := app.RunHTTP(context.Background(), api.FnHR, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "hr:", err)
		os.Exit(1)
	}
}
