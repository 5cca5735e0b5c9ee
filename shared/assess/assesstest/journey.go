// Package assesstest takes candidates through the domain for the tests of the workers and
// tools built on it (scoring, reports, the dev server, the admin CLI), so that each test
// states what it checks rather than re-spelling the journey.
package assesstest

import (
	"context"
	"testing"
	"time"

	"shortlist/shared/assess"
)

// Orgs stores organisations (store.Repository does).
type Orgs interface {
	CreateOrganisation(ctx context.Context, o assess.Organisation) error
}

// Journey is one organisation, one assessment and its invited candidates.
type Journey struct {
	Org        assess.Organisation
	Assessment assess.Assessment
	Invited    []assess.Invited
}

// New creates an organisation, an assessment of role and one invited candidate per name
// (one, "Ana", when none is given).
func New(t testing.TB, svc *assess.Service, orgs Orgs, role string, names ...string) Journey {
	t.Helper()
	ctx := context.Background()
	org, err := assess.NewOrganisation("Acme", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := orgs.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	a, err := svc.CreateAssessment(ctx, org.ID, assess.Spec{RoleID: role})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		names = []string{"Ana"}
	}
	rows := make([]assess.InviteInput, len(names))
	for i, n := range names {
		rows[i] = assess.InviteInput{Name: n}
	}
	inv, err := svc.Invite(ctx, org.ID, a.ID, rows)
	if err != nil {
		t.Fatal(err)
	}
	return Journey{Org: org, Assessment: a, Invited: inv}
}

// Take starts candidate i's session and takes it through every part without answering;
// with complete, it also completes the session.
func (j Journey) Take(t testing.TB, svc *assess.Service, i int, complete bool) assess.Session {
	t.Helper()
	ctx := context.Background()
	ss, _, err := svc.Start(ctx, j.Invited[i].Token, assess.Ack{Acknowledged: true, NoticeVersion: assess.NoticeVersion})
	if err != nil {
		t.Fatal(err)
	}
	for n := range ss.Sections {
		if ss, err = svc.StartSection(ctx, ss, j.Assessment, n); err != nil {
			t.Fatal(err)
		}
		if ss, err = svc.FinishSection(ctx, ss, n); err != nil {
			t.Fatal(err)
		}
	}
	if complete {
		if ss, err = svc.Complete(ctx, ss); err != nil {
			t.Fatal(err)
		}
	}
	return ss
}
