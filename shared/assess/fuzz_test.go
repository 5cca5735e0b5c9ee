package assess_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"shortlist/content"
	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

// Fuzz targets for the decoders of a candidate's untrusted input: answer values
// (CheckAnswer) and presented tokens (WellFormedToken). ./scripts/test runs each for a
// bounded time; the seed corpus is in testdata/fuzz/<target>/.
//
//	go test -run='^$' -fuzz='^FuzzCheckAnswer$' -fuzztime=30s ./shared/assess

// fuzzItems is, per kind, the real items of the embedded catalog (the shapes CheckAnswer
// checks against: options, descriptors, sheets and cases).
func fuzzItems(f *testing.F) map[catalog.Kind][]*catalog.Item {
	cat, err := catalog.Load(content.Catalog())
	if err != nil {
		f.Fatal(err)
	}
	out := map[catalog.Kind][]*catalog.Item{}
	for _, inst := range cat.Instruments() {
		for i := range inst.Items {
			out[inst.Kind] = append(out[inst.Kind], &inst.Items[i])
		}
	}
	for _, k := range catalog.Kinds {
		if len(out[k]) == 0 {
			f.Fatalf("the catalog has no %s item to fuzz against", k)
		}
	}
	return out
}

// CheckAnswer never panics; what it accepts comes back as compact JSON that it accepts
// again unchanged (the canonical form is a fixed point), so a stored answer always
// re-validates.
func FuzzCheckAnswer(f *testing.F) {
	items := fuzzItems(f)
	for i, raw := range []string{
		`3`, `0`, `-1`, `5.0`, `1e2`, `"3"`, `null`, ` `, `{"best":0,"worst":1}`, `{"best":1,"worst":1}`,
		`{"most":0,"least":3,"x":1}`, `{"cells":{"0:amount":"1250"},"total":4380.5}`, `{"cells":{"99:zz":"1"}}`,
		`{"text":"Dear customer, <b>sorry</b>"}`, `{"order":["c1","c2"],"replies":{"c1":0}}`, `[1,2]`,
		`{"total":1e999}`, "\"\xff\"", `{"cells":{"0:amount":"` + strings.Repeat("9", 250) + `"}}`,
	} {
		f.Add(uint8(i), uint16(i), []byte(raw))
	}
	f.Fuzz(func(t *testing.T, kindIndex uint8, itemIndex uint16, raw []byte) {
		kind := catalog.Kinds[int(kindIndex)%len(catalog.Kinds)]
		list := items[kind]
		it := list[int(itemIndex)%len(list)]
		out, err := assess.CheckAnswer(kind, it, raw)
		if err != nil {
			if out != nil {
				t.Fatalf("rejected %q but returned %q", raw, out)
			}
			if err.Error() == "" {
				t.Fatalf("rejected %q without saying why", raw)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("accepted %q as invalid JSON %q", raw, out)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, out); err != nil || !bytes.Equal(compact.Bytes(), out) {
			t.Fatalf("canonical form %q is not compact JSON", out)
		}
		again, err := assess.CheckAnswer(kind, it, out)
		if err != nil {
			t.Fatalf("%s item %s: accepted %q as %q, which it then rejects: %v", kind, it.ID, raw, out, err)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("canonical form is not stable: %q → %q → %q", raw, out, again)
		}
	})
}

// WellFormedToken never panics and accepts only the prefix and 43 base64url characters
// (ValidID likewise only 26 base32 characters); a token matches its own hash and no other.
func FuzzWellFormedToken(f *testing.F) {
	prefixes := []string{assess.APIKeyPrefix, assess.InvitePrefix, assess.SessionPrefix}
	for i, p := range prefixes {
		tok, _ := assess.NewToken(p)
		f.Add(tok, uint8(i))
		f.Add(tok[:len(tok)-1], uint8(i))
		f.Add(tok+"=", uint8(i))
		f.Add(strings.ToUpper(tok), uint8(i))
		f.Add(prefixes[(i+1)%3]+tok[4:], uint8(i))
	}
	for i, p := range prefixes {
		tok, _ := assess.NewBoundToken(p, assess.NewID())
		f.Add(tok, uint8(i))
		f.Add(tok[:30]+"-"+tok[31:], uint8(i))                       // no separator
		f.Add(tok[:4]+strings.ToUpper(tok[4:30])+tok[30:], uint8(i)) // id outside base32
		f.Add(tok+"A", uint8(i))
	}
	f.Add("", uint8(0))
	f.Add("slk_"+strings.Repeat("/", 43), uint8(0))
	f.Add("sls_"+strings.Repeat("\xff", 43), uint8(2))
	f.Add(assess.NewID(), uint8(1))
	f.Add("\n"+assess.NewID()[1:], uint8(1))
	f.Fuzz(func(t *testing.T, token string, prefixIndex uint8) {
		prefix := prefixes[int(prefixIndex)%len(prefixes)]
		ok := assess.WellFormedToken(token, prefix)
		if ok {
			rest, found := strings.CutPrefix(token, prefix)
			if !found || len(rest) != 43 {
				t.Fatalf("accepted %q for prefix %s", token, prefix)
			}
			for _, c := range rest {
				if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
					t.Fatalf("accepted %q with %q outside base64url", token, c)
				}
			}
		}
		if assess.ValidID(token) {
			for _, c := range token {
				if !(c >= 'a' && c <= 'z' || c >= '2' && c <= '7') || len(token) != 26 {
					t.Fatalf("ValidID accepted %q", token)
				}
			}
		}
		if id, ok := assess.TokenOwner(token, prefix); ok {
			rest, _ := strings.CutPrefix(token, prefix)
			if !assess.ValidID(id) || !strings.HasPrefix(rest, id+"_") || !assess.WellFormedToken(prefix+rest[27:], prefix) {
				t.Fatalf("TokenOwner accepted %q as naming %q", token, id)
			}
		}
		h := assess.HashToken(token)
		if len(h) != 64 || !assess.TokenMatches(token, h) {
			t.Fatalf("hash %q of %q does not match it", h, token)
		}
		if other := token + "x"; assess.TokenMatches(other, h) {
			t.Fatalf("%q matches the hash of %q", other, token)
		}
	})
}
