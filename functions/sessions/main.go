// Command sessions is the Lambda function behind session start, resume, sections and
// completion (see shared/api.Routes).
package main

import (
	"context"
	"fmt"
	"os"

	"shortlist/shared/api"
	"shortlist/shared/app"
)

func main() {
	if err := app.RunHTTP(context.Background(), api.FnSessions, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "sessions:", err)
		os.Exit(1)
	}
}
