// Command catalog is the Lambda function behind the catalog routes
// (GET /v1/catalog/...; see shared/api.Routes).
package main

import (
	"context"
	"fmt"
	"os"

	"shortlist/shared/api"
	"shortlist/shared/app"
)

func main() {
	if err := app.RunHTTP(context.Background(), api.FnCatalog, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
}
