// Command catalog is the Lambda function behind the catalog routes
// (GET /v1/catalog/..., /v1/openapi.json; see shared/api.Routes). The catalog is embedded
// in the binary: this function reads no table.
package main

import (
	"context"
	"fmt"
	"os"

	"shortlist/shared/api"
	"shortlist/shared/app"
)

func main() {
	if err := run(context.Background(), os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv app.Getenv) error {
	cat, err := app.Catalog()
	if err != nil {
		return err
	}
	log := app.Logger(os.Stdout, getenv).With("function", api.FnCatalog)
	return app.ServeHTTP(ctx, api.FnCatalog, api.Deps{Catalog: cat, Logger: log})
}
