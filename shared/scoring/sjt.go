package scoring

// SJTKey is an expert best/worst key (catalog.Item Best and Worst: option indexes).
type SJTKey struct{ Best, Worst int }

// SJTAnswer is a candidate's best/worst choice on one scenario.
type SJTAnswer struct{ Best, Worst int }

// BestWorst scores one scenario: +1 for each of best and worst that matches the key, −1
// for each that is reversed (the key's worst chosen as best, or the key's best chosen as
// worst). The range is −2…+2. An answer that picks the same option twice, or an option
// outside 0…options−1, scores 0 and ok is false.
func BestWorst(key SJTKey, a SJTAnswer, options int) (score int, ok bool) {
	in := func(i int) bool { return i >= 0 && i < options }
	if !in(a.Best) || !in(a.Worst) || a.Best == a.Worst {
		return 0, false
	}
	if a.Best == key.Best {
		score++
	}
	if a.Worst == key.Worst {
		score++
	}
	if a.Best == key.Worst {
		score--
	}
	if a.Worst == key.Best {
		score--
	}
	return score, true
}

// RateEffectiveness scores a rate-each-option answer against expert ratings:
// −Σ|rᵢ − keyᵢ| over the options rated (0 is perfect agreement). Ratings outside lo…hi
// are skipped and counted in skipped; worst is the largest possible penalty for the
// options rated, so callers can rescale to 0–1 as 1 + score/worst.
func RateEffectiveness(key, ratings []int, lo, hi int) (score, worst, skipped int) {
	for i, k := range key {
		if i >= len(ratings) {
			break
		}
		r := ratings[i]
		if r < lo || r > hi || k < lo || k > hi {
			skipped++
			continue
		}
		d := r - k
		if d < 0 {
			d = -d
		}
		score -= d
		worst += max(k-lo, hi-k)
	}
	return score, worst, skipped
}

// SJTScore is the total for an SJT instrument.
type SJTScore struct {
	Score    int // Σ BestWorst
	Max      int // 2 per valid scenario
	Answered int
	Invalid  int
	// Fraction is (Score + Max)/(2·Max): 0 when every answer is reversed, 1 when all
	// match, 0.5 for no information; 0 with no valid answers.
	Fraction float64
}

// SJTItem pairs a scenario's key with the candidate's answer (nil when not answered).
type SJTItem struct {
	Key     SJTKey
	Options int
	Answer  *SJTAnswer
}

// ScoreSJT adds BestWorst over the scenarios answered.
func ScoreSJT(items []SJTItem) SJTScore {
	var s SJTScore
	for _, it := range items {
		if it.Answer == nil {
			continue
		}
		v, ok := BestWorst(it.Key, *it.Answer, it.Options)
		if !ok {
			s.Invalid++
			continue
		}
		s.Answered++
		s.Score += v
		s.Max += 2
	}
	if s.Max > 0 {
		s.Fraction = float64(s.Score+s.Max) / float64(2*s.Max)
	}
	return s
}
