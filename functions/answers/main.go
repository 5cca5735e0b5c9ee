// Command answers is the Lambda function behind answer submission (autosave), the
// hottest route (see shared/api.Routes).
package main

import (
	"shortlist/shared/api"
	"shortlist/shared/app/dynamostack"
)

func main() { dynamostack.MainHTTP(api.AnswersFunction()) }
