// Command sessions is the Lambda function behind session start, resume, sections,
// completion and the candidate's feedback link (see shared/api.Routes).
package main

import (
	"shortlist/shared/api"
	"shortlist/shared/app/awsstack"
)

func main() { awsstack.MainHTTP(api.SessionsFunction()) }
