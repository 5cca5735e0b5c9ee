package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shortlist/shared/catalog"
)

// TestOneTruth: at one moment, a candidate's role fit and place are the same in the
// ranking, their detail, the statistics' cohort label, their PDF report and the cohort
// CSV (a stale PDF once said "1 of 8" while the console said "1 of 14").
func TestOneTruth(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Now().UTC()}
	repo, _ := openBolt(t, clk.Now)
	st := newStackAt(t, repo, seedOrg(repo), clk)
	aid := st.createAssessment("ecommerce-customer-support")
	names := []string{"Ana Rojas", "Bruno Díaz", "Carla Núñez", "Diego Soto", "Elena Vidal"}
	inv := st.invite(aid, names...)
	for i, row := range inv {
		c := st.start(inviteToken(row.Link))
		agree := 2 + i%3 // different answers, different fits
		c.finish(func(it catalog.Item, key int) json.RawMessage {
			v := agree
			if key < 0 {
				v = 6 - agree
			}
			return json.RawMessage(fmt.Sprint(v))
		})
		clk.Advance(time.Minute)
	}
	// Every candidate's report rendered again now: the view they show is the current one.
	for _, row := range inv {
		if _, err := st.reporter.RenderCandidate(withFunction(context.Background(), "reports"), row.CandidateID); err != nil {
			t.Fatal(err)
		}
	}
	var ranking struct {
		Cohort struct {
			AsOf time.Time
			N    int
		}
		Ranking []struct {
			CandidateID, Name       string
			Rank, RankLow, RankHigh int
			Composite               float64
			ReviewFirst             bool
		}
	}
	st.must(st.call("GET", "/v1/assessments/"+aid+"/ranking?limit=500", st.key, nil), 200).decode(t, &ranking)
	if len(ranking.Ranking) != len(names) || ranking.Cohort.N != len(names) {
		t.Fatalf("ranking of %d (n %d), want %d", len(ranking.Ranking), ranking.Cohort.N, len(names))
	}
	var stats struct {
		Cohort struct {
			AsOf time.Time
			N    int
		}
	}
	st.must(st.call("GET", "/v1/assessments/"+aid+"/statistics", st.key, nil), 200).decode(t, &stats)
	if !stats.Cohort.AsOf.Equal(ranking.Cohort.AsOf) || stats.Cohort.N != ranking.Cohort.N {
		t.Errorf("statistics as of %v (n %d), ranking as of %v (n %d)", stats.Cohort.AsOf, stats.Cohort.N, ranking.Cohort.AsOf, ranking.Cohort.N)
	}
	csvRows := st.cohortCSV(aid)
	pdftotext := pdfText(t)
	for _, r := range ranking.Ranking {
		var d struct {
			Cohort struct {
				AsOf time.Time
				N    int
			}
			Fit  struct{ Value float64 }
			Rank struct{ Rank, RankLow, RankHigh, Of int }
		}
		st.must(st.call("GET", "/v1/assessments/"+aid+"/candidates/"+r.CandidateID, st.key, nil), 200).decode(t, &d)
		if d.Fit.Value != r.Composite || d.Rank.Rank != r.Rank || d.Rank.RankLow != r.RankLow || d.Rank.RankHigh != r.RankHigh || !d.Cohort.AsOf.Equal(ranking.Cohort.AsOf) {
			t.Errorf("%s: detail fit %v place %d [%d–%d] as of %v; ranking %v place %d [%d–%d] as of %v", r.Name,
				d.Fit.Value, d.Rank.Rank, d.Rank.RankLow, d.Rank.RankHigh, d.Cohort.AsOf, r.Composite, r.Rank, r.RankLow, r.RankHigh, ranking.Cohort.AsOf)
		}
		tScore := 50 + 10*r.Composite
		row, ok := csvRows[r.Name]
		if !ok {
			t.Errorf("%s is not in the cohort CSV", r.Name)
		} else if got := strings.Replace(row[4], ",", ".", 1); got != fmt.Sprintf("%.1f", tScore) || row[0] != fmt.Sprint(r.Rank) {
			t.Errorf("%s: CSV place %s T %s; ranking place %d T %.1f", r.Name, row[0], row[4], r.Rank, tScore)
		}
		if pdftotext == "" {
			continue
		}
		text := st.candidatePDFText(t, pdftotext, r.CandidateID)
		want := []string{fmt.Sprintf("T %d", int(math.Round(tScore))), fmt.Sprintf("Posición %d de %d", r.Rank, d.Rank.Of),
			fmt.Sprintf("entre %d y %d", r.RankLow, r.RankHigh), fmt.Sprintf("%d candidatos puntuados", ranking.Cohort.N)}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the PDF report lacks %q (ranking: place %d of %d, T %.1f)", r.Name, w, r.Rank, d.Rank.Of, tScore)
			}
		}
	}
}

// cohortCSV requests the cohort report and reads its CSV rows by candidate name.
func (st *stack) cohortCSV(aid string) map[string][]string {
	st.t.Helper()
	_, rows := st.cohortCSVTable(aid)
	return rows
}

func (st *stack) fetchReport(id string) []byte {
	st.t.Helper()
	var link struct{ URL string }
	st.must(st.call("GET", "/v1/reports/"+id+"/link", st.key, nil), 200).decode(st.t, &link)
	resp, err := http.Get(link.URL)
	if err != nil {
		st.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b
}

// candidatePDFText is the text of the hiring team's report on one candidate.
func (st *stack) candidatePDFText(t *testing.T, pdftotext, candidateID string) string {
	t.Helper()
	var all struct {
		Reports []struct{ ReportID, Kind, SessionID string }
	}
	st.must(st.call("GET", "/v1/assessments/"+st.assessmentOf(candidateID)+"/reports", st.key, nil), 200).decode(t, &all)
	for _, rep := range all.Reports {
		if rep.Kind == "candidate" && rep.SessionID == candidateID {
			f := filepath.Join(t.TempDir(), "r.pdf")
			if err := os.WriteFile(f, st.fetchReport(rep.ReportID), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdftotext, "-layout", f, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			return strings.Join(strings.Fields(string(out)), " ")
		}
	}
	t.Fatalf("no candidate report for %s", candidateID)
	return ""
}

func (st *stack) assessmentOf(candidateID string) string {
	c, err := st.repo.Candidate(context.Background(), st.orgID, candidateID)
	if err != nil {
		st.t.Fatal(err)
	}
	return c.AssessmentID
}

// pdfText finds poppler's pdftotext ("" skips the PDF half on a developer's machine
// without it; CI installs it and must not skip).
func pdfText(t *testing.T) string {
	if p := os.Getenv("SHORTLIST_PDFTOTEXT"); p != "" {
		return p
	}
	if p, err := exec.LookPath("pdftotext"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but pdftotext is missing (scripts/services/poppler installs it)")
	}
	t.Log("pdftotext not found: the PDF half is skipped")
	return ""
}

// TestCandidateListPages: the candidate list comes in bounded pages that follow their
// cursor to the end without gaps or repeats; a bad limit or cursor is a 400.
func TestCandidateListPages(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Now().UTC()}
	repo, _ := openBolt(t, clk.Now)
	st := newStackAt(t, repo, seedOrg(repo), clk)
	aid := st.createAssessment("ecommerce-customer-support")
	var names []string
	for i := range 7 {
		names = append(names, fmt.Sprintf("Persona %d", i))
	}
	st.invite(aid, names...)
	seen := map[string]bool{}
	cursor, pages := "", 0
	for {
		var page struct {
			Candidates []struct{ CandidateID string }
			Next       string
		}
		st.must(st.call("GET", "/v1/assessments/"+aid+"/candidates?limit=3&cursor="+cursor, st.key, nil), 200).decode(t, &page)
		pages++
		if len(page.Candidates) > 3 {
			t.Fatalf("a page of %d with limit 3", len(page.Candidates))
		}
		for _, c := range page.Candidates {
			if seen[c.CandidateID] {
				t.Fatalf("%s listed twice", c.CandidateID)
			}
			seen[c.CandidateID] = true
		}
		if page.Next == "" || pages > 10 {
			break
		}
		cursor = page.Next
	}
	if len(seen) != 7 || pages < 3 {
		t.Errorf("%d candidates over %d pages, want 7 over at least 3", len(seen), pages)
	}
	for _, q := range []string{"limit=0", "limit=501", "limit=x", "cursor=not-a-cursor"} {
		if r := st.call("GET", "/v1/assessments/"+aid+"/candidates?"+q, st.key, nil); r.status != 400 {
			t.Errorf("?%s: %d, want 400", q, r.status)
		}
	}
}
