// Command answers is the Lambda function behind answer submission (autosave), the
// hottest route (see shared/api.Routes).
package main

import (
	"context"
	"fmt"
	"os"

	"shortlist/shared/api"
	"shortlist/shared/app"
)

func main() {
	if err := app.RunHTTP(context.Background(), api.FnAnswers, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "answers:", err)
		os.Exit(1)
	}
}
