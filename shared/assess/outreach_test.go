package assess

import (
	"regexp"
	"testing"
	"time"
)

// Reminders are due at expiry minus their days, rounded up to the hour; the step due at
// a time is the latest one (a missed earlier step is not sent on top of it).
func TestReminderSteps(t *testing.T) {
	expires := time.Date(2027, 3, 15, 9, 20, 0, 0, time.UTC)
	if got := reminderDue(expires, 3); !got.Equal(time.Date(2027, 3, 12, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("due 3 days before: %v", got)
	}
	exact := time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC)
	if got := reminderDue(exact, 1); !got.Equal(time.Date(2027, 3, 14, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("due on the hour: %v", got)
	}
	days := []int{3, 1}
	for _, tc := range []struct {
		now  time.Time
		step int
		ok   bool
	}{
		{time.Date(2027, 3, 12, 9, 59, 0, 0, time.UTC), 0, false},
		{time.Date(2027, 3, 12, 10, 0, 0, 0, time.UTC), 3, true},
		{time.Date(2027, 3, 14, 9, 0, 0, 0, time.UTC), 3, true},
		{time.Date(2027, 3, 14, 10, 0, 0, 0, time.UTC), 1, true},
	} {
		if step, ok := dueStep(days, expires, tc.now); step != tc.step || ok != tc.ok {
			t.Errorf("at %v: %d %v, want %d %v", tc.now, step, ok, tc.step, tc.ok)
		}
	}
	for _, tc := range []struct {
		req    []int
		expiry int
		want   []int
		bad    bool
	}{
		{nil, 14, []int{3, 1}, false},
		{nil, 2, []int{1}, false},
		{[]int{}, 14, []int{}, false},
		{[]int{1, 7, 2}, 14, []int{7, 2, 1}, false},
		{[]int{14}, 14, nil, true},
		{[]int{1, 1}, 14, nil, true},
		{[]int{1, 2, 3, 4, 5, 6}, 14, nil, true},
	} {
		got, err := reminderDays(tc.req, tc.expiry)
		if (err != nil) != tc.bad || (!tc.bad && !sameInts(got, tc.want)) {
			t.Errorf("reminderDays(%v, %d) = %v, %v", tc.req, tc.expiry, got, err)
		}
	}
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Timer names are what EventBridge Scheduler accepts (64 characters of [0-9a-zA-Z-_.]),
// the same for the same wake-up (reminders of an assessment share one per hour), and
// mail keys and delivery ids are stable and of their shape.
func TestNamesAndKeys(t *testing.T) {
	id := NewID()
	at := time.Date(2027, 3, 12, 10, 0, 0, 0, time.UTC)
	names := regexp.MustCompile(`^[0-9a-zA-Z_.-]{1,64}$`)
	for _, tm := range []Timer{
		{Kind: TimerReminders, At: at, AssessmentID: id},
		{Kind: TimerDigest, At: at, AssessmentID: id, Ref: "1804230000000000000"},
		{Kind: TimerWebhook, At: at, Ref: deliveryID(at, "x"), EndpointID: id},
	} {
		if !names.MatchString(tm.Name()) {
			t.Errorf("timer name %q", tm.Name())
		}
	}
	a := Timer{Kind: TimerReminders, At: at.Add(10 * time.Minute), AssessmentID: id}
	b := Timer{Kind: TimerReminders, At: at.Add(50 * time.Minute), AssessmentID: id}
	if a.Name() != b.Name() {
		t.Errorf("reminders in one hour: %q and %q", a.Name(), b.Name())
	}
	d1, d2 := deliveryID(at, "ep", "ev"), deliveryID(at.Add(time.Millisecond), "ep", "ev")
	if !ValidDeliveryID(d1) || d1 == d2 || d1 != deliveryID(at, "ep", "ev") || d1 > d2 {
		t.Errorf("delivery ids %q %q", d1, d2)
	}
	m := Mail{Kind: MailReminder, CandidateID: id, Step: 3}
	if m.Key() != "reminder/"+id+"/3" {
		t.Errorf("key %q", m.Key())
	}
	if _, err := hookTypes([]string{"candidate.hired"}); err == nil {
		t.Error("an unknown event type was accepted")
	}
	if all, _ := hookTypes(nil); len(all) != len(HookEventTypes) {
		t.Error("no events is not every event")
	}
}
