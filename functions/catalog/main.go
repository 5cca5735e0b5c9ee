// Command catalog is the Lambda function behind the catalog routes
// (GET /v1/catalog/..., /v1/openapi.json; see shared/api.Routes). The catalog is embedded
// in the binary: this function reads no table.
package main

import (
	"context"
	"log/slog"

	"shortlist/shared/api"
	"shortlist/shared/api/openapi"
	"shortlist/shared/app"
	"shortlist/shared/app/settings"
)

func main() { app.Main(api.FnCatalog, run) }

func run(ctx context.Context, cfg settings.Config, log *slog.Logger) error {
	cat, err := app.Catalog()
	if err != nil {
		return err
	}
	return app.ServeHTTP(ctx, api.CatalogFunction(), cfg, api.Deps{Catalog: cat, Logger: log, OpenAPI: openapi.Document})
}
