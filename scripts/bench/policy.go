package main

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"shortlist/content/site"
	"shortlist/shared/catalog"
)

// sitePolicy is when the candidate site cuts an autosave batch: after Answers changed
// answers, or Wait after the first unsent change, and always at the end of a part (its
// review screen). The numbers are read from the site's own autosave.js, so the bench
// cannot drift from what browsers do.
type sitePolicy struct {
	Answers int
	Wait    time.Duration
}

func readSitePolicy() (sitePolicy, error) {
	src, err := fs.ReadFile(site.FS(), "assets/js/take/autosave.js")
	if err != nil {
		return sitePolicy{}, err
	}
	num := func(name string) (int, error) {
		m := regexp.MustCompile(`(?m)^const ` + name + ` = (\d+);`).FindSubmatch(src)
		if m == nil {
			return 0, fmt.Errorf("autosave.js: no `const %s = <number>;`", name)
		}
		return strconv.Atoi(string(m[1]))
	}
	n, err := num("BATCH_ANSWERS")
	if err != nil {
		return sitePolicy{}, err
	}
	ms, err := num("BATCH_WAIT_MS")
	if err != nil {
		return sitePolicy{}, err
	}
	return sitePolicy{Answers: n, Wait: time.Duration(ms) * time.Millisecond}, nil
}

func (p sitePolicy) String() string {
	var kinds []string
	for k, d := range pace {
		kinds = append(kinds, fmt.Sprintf("%s %s", k, d))
	}
	sort.Strings(kinds)
	return fmt.Sprintf("a batch every %d answers, or %s after the first unsent one, and at each part's end; assumed time per answer: %s; changed answer %s; a timed part takes at most 90%% of its limit",
		p.Answers, p.Wait, strings.Join(kinds, ", "), changePace)
}

// pace is how long a simulated candidate takes over one answer of each kind: an
// assumption of this bench (stated in its output), not a measurement. It only decides
// how often the site's timer cuts a batch before its answer count does, and so how many
// autosaves, write units and requests a candidate costs. A changed answer takes
// changePace.
var pace = map[catalog.Kind]time.Duration{
	catalog.Likert:         8 * time.Second,
	catalog.ForcedChoice:   20 * time.Second,
	catalog.MultipleChoice: 45 * time.Second,
	catalog.SJT:            50 * time.Second,
	catalog.DataValidation: 90 * time.Second,
	catalog.ParallelCases:  4 * time.Minute,
	catalog.Writing:        10 * time.Minute,
}

const changePace = 10 * time.Second

// cutter applies the site's policy on a virtual clock.
type cutter struct {
	policy  sitePolicy
	now     time.Duration // virtual time in the part
	first   time.Duration // when the oldest unsent answer was given
	pending int
}

// timerFires reports whether the site's timer sends the unsent answers while the
// candidate spends took on the next one.
func (c *cutter) timerFires(took time.Duration) bool {
	return c.pending > 0 && c.now+took-c.first >= c.policy.Wait
}

// add records an answer given after took; it reports whether the count rule cuts now.
func (c *cutter) add(took time.Duration) bool {
	c.now += took
	if c.pending == 0 {
		c.first = c.now
	}
	c.pending++
	return c.pending >= c.policy.Answers
}

func (c *cutter) cut() { c.pending = 0 }
