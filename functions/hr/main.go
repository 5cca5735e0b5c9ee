// Command hr is the Lambda function behind the HR routes: assessments, invites, progress,
// results, report links, decisions, erasure, audit and fairness (see shared/api.Routes).
// Cohort reports are requested here and rendered by the reports function, so this binary
// does not link the PDF library.
package main

import (
	"shortlist/shared/api"
	"shortlist/shared/app/awsstack"
)

func main() { awsstack.MainHTTP(api.HRFunction()) }
