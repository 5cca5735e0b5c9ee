package assess

import (
	"testing"
	"time"
)

func TestAssessmentCountsStatus(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	later := now.Add(time.Hour)
	earlier := now.Add(-time.Hour)
	cases := []struct {
		name string
		c    AssessmentCounts
		want string
	}{
		{"nobody invited", AssessmentCounts{}, ProgressEmpty},
		{"invites open", AssessmentCounts{Invited: 3, Completed: 1, InvitesUntil: later}, ProgressOpen},
		{"everyone completed, invites open", AssessmentCounts{Invited: 2, Completed: 2, InvitesUntil: later}, ProgressFinished},
		{"everyone completed, invites expired", AssessmentCounts{Invited: 2, Completed: 2, InvitesUntil: earlier}, ProgressFinished},
		{"invites expired, a session may still run", AssessmentCounts{Invited: 3, Completed: 1, InvitesUntil: earlier}, ProgressOpen},
		{"the last session's lifetime ends", AssessmentCounts{Invited: 3, Completed: 1, InvitesUntil: now.Add(-SessionLifetime)}, ProgressOpen},
		{"sessions run out too", AssessmentCounts{Invited: 3, Completed: 1, InvitesUntil: now.Add(-SessionLifetime - time.Minute)}, ProgressClosed},
	}
	for _, tc := range cases {
		if got := tc.c.Status(now); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
