package assess

import (
	"errors"
	"fmt"
	"testing"
)

// A storage failure on the way to an instrument's snapshot (throttled, unavailable)
// keeps its code, so the client gets a 503 with Retry-After and retries; anything
// without a domain code is a bug.
func TestInternalUnlessCoded(t *testing.T) {
	throttled := Errorf(Unavailable, "throttled")
	for name, tc := range map[string]struct {
		err  error
		want Code
	}{
		"unavailable":          {throttled, Unavailable},
		"wrapped unavailable":  {fmt.Errorf("snapshot of x: %w", throttled), Unavailable},
		"not found stays":      {Errorf(NotFound, "no snapshot"), NotFound},
		"a plain error is bug": {errors.New("boom"), Internal},
		"internal stays":       {&Error{Code: Internal, Err: errors.New("x")}, Internal},
	} {
		if got := CodeOf(internalUnlessCoded(tc.err)); got != tc.want {
			t.Errorf("%s: code %q, want %q", name, got, tc.want)
		}
	}
}
