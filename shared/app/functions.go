package app

import "shortlist/shared/api"

// FunctionMemoryMB is each Lambda function's memory in MB. infra deploys it
// (infra/functions.go reads this table) and scripts/bench prices GB-seconds with it, so
// the two cannot drift apart. More memory also buys CPU: the reasons for each size are
// beside its spec in infra/functions.go.
var FunctionMemoryMB = map[string]float64{
	api.FnCatalog:  256,
	api.FnHR:       1024,
	api.FnSessions: 256,
	api.FnAnswers:  256,
	api.FnAuth:     256,
	"scoring":      512,
	"reports":      2048,
	"notify":       256,
	"mail":         256,
}
