package dynamo

import (
	"context"
	"errors"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"shortlist/shared/store"
)

// mapErr is the one place SDK errors become domain errors:
//   - a condition that does not hold: Conflict;
//   - throttling, capacity, contention with a transaction on the same item (none of
//     Shortlist's own: an operator's tool could hold one), DynamoDB's own 5xx, timeouts, a
//     connection that failed, the retry quota: Unavailable (retryable; the write may or may
//     not have happened, and the repository's conditions make the retry safe);
//   - a request DynamoDB refuses (validation, missing table, access denied): Internal,
//     because retrying the same request cannot help and the caller has no fault in it.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return store.ErrConflict()
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return store.ErrUnavailable(err)
	}
	// A 5xx or 429 is DynamoDB (or a proxy before it) saying "not now", whatever the body.
	var re *awshttp.ResponseError
	if errors.As(err, &re) && (re.HTTPStatusCode() >= 500 || re.HTTPStatusCode() == 429) {
		return store.ErrUnavailable(err)
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "ProvisionedThroughputExceededException", "RequestLimitExceeded", "ThrottlingException",
			"TransactionConflictException", "TransactionInProgressException", "InternalServerError",
			"ServiceUnavailable", "LimitExceededException", "ReplicatedWriteConflictException":
			return store.ErrUnavailable(err)
		}
		if api.ErrorFault() == smithy.FaultServer {
			return store.ErrUnavailable(err)
		}
		return store.ErrInternal(err)
	}
	// No answer from DynamoDB at all: refused or reset connections, attempt timeouts, the
	// retry quota. The request may have arrived; only a retry tells.
	return store.ErrUnavailable(err)
}
