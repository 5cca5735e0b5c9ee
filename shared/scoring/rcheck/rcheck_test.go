package rcheck

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"shortlist/shared/scoring"
)

// The simulated set: 300 people answer a 10-item Likert scale (4 reverse-keyed) by a
// graded-response model, and a 20-item cognitive section by the 2PL.
const (
	people      = 300
	likertItems = 10
	choiceItems = 20
)

type dataset struct {
	likert  []scoring.LikertItem
	answers []map[string]int
	params  []scoring.Scored2PL
	right   [][]bool
}

func simulate() dataset {
	r := rand.New(rand.NewPCG(6, 2024))
	var d dataset
	var a []float64
	var th [][]float64
	for i := range likertItems {
		key := 1
		if i%5 == 1 || i%5 == 3 {
			key = -1
		}
		d.likert = append(d.likert, scoring.LikertItem{ID: fmt.Sprintf("L%02d", i+1), Scale: "S", Key: key})
		a = append(a, 0.8+1.4*r.Float64())
		loc := r.Float64() - 0.5
		th = append(th, []float64{loc - 1.8, loc - 0.6, loc + 0.4, loc + 1.5})
	}
	for i := range choiceItems {
		d.params = append(d.params, scoring.Scored2PL{A: 0.7 + 1.3*r.Float64(), B: -2.2 + 4.4*float64(i)/(choiceItems-1)})
	}
	for range people {
		trait, theta := r.NormFloat64(), r.NormFloat64()
		ans := map[string]int{}
		for i, it := range d.likert {
			ans[it.ID] = scoring.AnswerGraded(r, trait, it.Key, a[i], th[i], scoring.FivePoint)
		}
		d.answers = append(d.answers, ans)
		row := make([]bool, choiceItems)
		for i, p := range d.params {
			row[i] = scoring.Answer2PL(r, theta, p.A, p.B)
		}
		d.right = append(d.right, row)
	}
	return d
}

// rscript finds R with psych; under CI its absence fails the test instead of skipping.
func rscript(t *testing.T) string {
	t.Helper()
	path := os.Getenv("SHORTLIST_RSCRIPT")
	if path == "" {
		path, _ = exec.LookPath("Rscript")
	}
	missing := path == ""
	if !missing {
		err := exec.Command(path, "-e", `quit(status = !requireNamespace("psych", quietly = TRUE))`).Run()
		missing = err != nil
	}
	if missing {
		msg := "Rscript with the psych package is not installed (scripts/services/r installs it)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg + "; CI must run the R cross-check")
		}
		t.Skip(msg)
	}
	return path
}

func writeCSV(t *testing.T, path string, header []string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	_ = w.Write(header)
	_ = w.WriteAll(rows)
	if err := f.Close(); err != nil || w.Error() != nil {
		t.Fatal(err, w.Error())
	}
}

// readCSV returns the rows of an R output file as maps from column to value.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("R wrote %q: %v", s, err)
	}
	return f
}

func f(x float64) string { return strconv.FormatFloat(x, 'g', 17, 64) }

func TestCrossCheckWithR(t *testing.T) {
	t.Parallel()
	rs := rscript(t)
	d := simulate()
	dir := t.TempDir()

	// Inputs for R: raw answers (R applies the keys itself), the keys, 0/1 answers and
	// the 2PL parameters.
	var lh, ch []string
	for _, it := range d.likert {
		lh = append(lh, it.ID)
	}
	for i := range d.params {
		ch = append(ch, fmt.Sprintf("C%02d", i+1))
	}
	var lrows, crows, krows, prows [][]string
	choice := make([][]float64, people)
	for p := range people {
		var lr, cr []string
		for _, it := range d.likert {
			lr = append(lr, strconv.Itoa(d.answers[p][it.ID]))
		}
		choice[p] = make([]float64, choiceItems)
		for i, ok := range d.right[p] {
			if ok {
				choice[p][i] = 1
			}
			cr = append(cr, f(choice[p][i]))
		}
		lrows, crows = append(lrows, lr), append(crows, cr)
	}
	for _, it := range d.likert {
		krows = append(krows, []string{it.ID, strconv.Itoa(it.Key)})
	}
	for i, p := range d.params {
		prows = append(prows, []string{ch[i], f(p.A), f(p.B)})
	}
	writeCSV(t, filepath.Join(dir, "likert.csv"), lh, lrows)
	writeCSV(t, filepath.Join(dir, "keys.csv"), []string{"item", "key"}, krows)
	writeCSV(t, filepath.Join(dir, "choice.csv"), ch, crows)
	writeCSV(t, filepath.Join(dir, "items2pl.csv"), []string{"item", "a", "b"}, prows)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, rs, filepath.Join("testdata", "crosscheck.R"), dir).CombinedOutput()
	if err != nil {
		t.Fatalf("Rscript: %v\n%s", err, out)
	}

	// The engine on the same data.
	lrel := scoring.ScaleReliability(lh, scoring.LikertMatrix(d.likert, d.answers, scoring.FivePoint))
	crel := scoring.ScaleReliability(ch, choice)
	rel := map[string]scoring.Reliability{"likert": lrel, "choice": crel}

	// "To 3 decimals": the two values round to the same third decimal, allowing for a
	// difference in the last bits that straddles a rounding boundary.
	const dec3 = 0.0005
	var worstAlpha, worstRDrop, worstScore, worstTheta, worstSE float64
	for _, row := range readCSV(t, filepath.Join(dir, "r_alpha.csv")) {
		got, want := rel[row["set"]].Alpha, num(t, row["raw_alpha"])
		worstAlpha = math.Max(worstAlpha, math.Abs(got-want))
		t.Logf("%s: α Go %.6f, R %.6f", row["set"], got, want)
		if math.Abs(got-want) > dec3 {
			t.Errorf("%s α: Go %.6f, R psych %.6f", row["set"], got, want)
		}
	}
	for _, row := range readCSV(t, filepath.Join(dir, "r_items.csv")) {
		var st *scoring.ItemStat
		for i, it := range rel[row["set"]].Items {
			if it.Item == row["item"] {
				st = &rel[row["set"]].Items[i]
			}
		}
		if st == nil {
			t.Fatalf("R reported item %s/%s the engine does not have", row["set"], row["item"])
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"r.drop", st.RDrop, num(t, row["r_drop"])},
			{"alpha.drop", st.AlphaIfDropped, num(t, row["alpha_drop"])},
			{"mean", st.Mean, num(t, row["mean"])},
		} {
			if c.name == "r.drop" {
				worstRDrop = math.Max(worstRDrop, math.Abs(c.got-c.want))
			}
			if math.Abs(c.got-c.want) > dec3 {
				t.Errorf("%s %s %s: Go %.6f, R psych %.6f", row["set"], row["item"], c.name, c.got, c.want)
			}
		}
	}
	scores := readCSV(t, filepath.Join(dir, "r_scores.csv"))
	if len(scores) != people {
		t.Fatalf("R scored %d people, want %d", len(scores), people)
	}
	for p, row := range scores {
		got := scoring.ScoreLikert(d.likert, d.answers[p], scoring.FivePoint)[0].Score
		worstScore = math.Max(worstScore, math.Abs(got-num(t, row["score"])))
	}
	if worstScore > 1e-9 {
		t.Errorf("scale scores differ from psych's by up to %.2g", worstScore)
	}

	eap := readCSV(t, filepath.Join(dir, "r_eap.csv"))
	if len(eap) != people {
		t.Fatalf("R estimated %d people, want %d", len(eap), people)
	}
	for p, row := range eap {
		ans := make([]scoring.Scored2PL, choiceItems)
		for i, it := range d.params {
			it.Correct = d.right[p][i]
			ans[i] = it
		}
		ab := scoring.EAP(ans)
		dt, ds := math.Abs(ab.Theta-num(t, row["theta"])), math.Abs(ab.SE-num(t, row["se"]))
		worstTheta, worstSE = math.Max(worstTheta, dt), math.Max(worstSE, ds)
		if dt > 0.01 || ds > 0.01 {
			t.Errorf("person %d: EAP Go θ %.4f SE %.4f, R θ %s SE %s", p, ab.Theta, ab.SE, row["theta"], row["se"])
		}
	}
	t.Logf("largest differences from R over %d people: α %.2g, r.drop %.2g, scale score %.2g, EAP θ %.2g, SE %.2g",
		people, worstAlpha, worstRDrop, worstScore, worstTheta, worstSE)
	if msg := strings.TrimSpace(string(out)); msg != "" {
		t.Logf("R said: %s", msg)
	}
}
