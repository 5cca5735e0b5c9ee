package store

import (
	"context"
	"fmt"
	"strings"
)

// A cohort report request is an item whose insertion, seen on the table's stream, makes
// the reports function render the cohort report; the HR function that takes the request
// never links the PDF library.
//
//	cohort report request                     ORG#<org>           CREQ#<asmt>#<pdf id>#<csv id>

const typeCohortRequest = "creq"

// RequestCohortReport records a request to render an assessment's cohort report as the
// report records pdfID and csvID.
func (r *Repository) RequestCohortReport(ctx context.Context, orgID, assessmentID, pdfID, csvID string) error {
	if !okID(orgID) || !okID(assessmentID) || !okID(pdfID) || !okID(csvID) {
		return badID("cohort report request", pdfID)
	}
	k := Key{"ORG#" + orgID, fmt.Sprintf("CREQ#%s#%s#%s", assessmentID, pdfID, csvID)}
	return r.t.Put(ctx, base(k, typeCohortRequest), Absent())
}

// CohortRequest reads a cohort report request from its key, as a table stream delivers
// it; ok is false for any other item.
func CohortRequest(pk, sk string) (orgID, assessmentID, pdfID, csvID string, ok bool) {
	org, isOrg := strings.CutPrefix(pk, "ORG#")
	rest, isReq := strings.CutPrefix(sk, "CREQ#")
	parts := strings.Split(rest, "#")
	if !isOrg || !isReq || len(parts) != 3 || !okID(org) {
		return "", "", "", "", false
	}
	for _, p := range parts {
		if !okID(p) {
			return "", "", "", "", false
		}
	}
	return org, parts[0], parts[1], parts[2], true
}
