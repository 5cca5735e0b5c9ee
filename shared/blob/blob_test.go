package blob_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"shortlist/shared/assess"
	"shortlist/shared/blob"
)

func TestCheckKey(t *testing.T) {
	for _, tc := range []struct {
		key string
		ok  bool
	}{
		{"org/o_1/reports/r-2.pdf", true},
		{"a.csv", true},
		{strings.Repeat("a", blob.MaxKeyLen), true},
		{strings.Repeat("a", blob.MaxKeyLen+1), false},
		{"", false},
		{"/a.pdf", false},
		{"a/", false},
		{"a//b", false},
		{"a/./b", false},
		{"a/../b", false},
		{"a b", false},
		{"a%2fb", false},
		{"a\\b", false},
		{"informe-josé.pdf", false},
		{"a?b", false},
	} {
		if err := blob.CheckKey(tc.key); (err == nil) != tc.ok {
			t.Errorf("CheckKey(%q) = %v; want ok=%v", tc.key, err, tc.ok)
		} else if err != nil && assess.CodeOf(err) != assess.Invalid {
			t.Errorf("CheckKey(%q): code %s; want invalid", tc.key, assess.CodeOf(err))
		}
	}
}

func TestCheckPrefix(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		ok     bool
	}{{"org/o1/", true}, {"org/", true}, {"", false}, {"/", false}, {"org", false}, {"../", false}, {"org//", false}} {
		if err := blob.CheckPrefix(tc.prefix); (err == nil) != tc.ok {
			t.Errorf("CheckPrefix(%q) = %v; want ok=%v", tc.prefix, err, tc.ok)
		}
	}
}

func TestCheckTTL(t *testing.T) {
	for _, tc := range []struct {
		ttl time.Duration
		ok  bool
	}{{time.Second, true}, {5 * time.Minute, true}, {blob.MaxTTL, true}, {blob.MaxTTL + time.Nanosecond, false},
		{time.Hour, false}, {0, false}, {-time.Minute, false}, {999 * time.Millisecond, false}} {
		if err := blob.CheckTTL(tc.ttl); (err == nil) != tc.ok {
			t.Errorf("CheckTTL(%s) = %v; want ok=%v", tc.ttl, err, tc.ok)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Informe - José Núñez.pdf", `attachment; filename="Informe - Jose Nunez.pdf"; filename*=UTF-8''Informe%20-%20Jos%C3%A9%20N%C3%BA%C3%B1ez.pdf`},
		{"report.csv", `attachment; filename="report.csv"; filename*=UTF-8''report.csv`},
		{"../../etc/passwd", `attachment; filename="_.._etc_passwd"; filename*=UTF-8''_.._etc_passwd`},
		{"a\"b\r\nSet-Cookie: x=1.pdf", `attachment; filename="a_b Set-Cookie_ x=1.pdf"; filename*=UTF-8''a_b%20Set-Cookie_%20x%3D1.pdf`},
		{"100% sure.pdf", `attachment; filename="100_ sure.pdf"; filename*=UTF-8''100%25%20sure.pdf`},
		{"", `attachment; filename="download"; filename*=UTF-8''download`},
		{"  ...hidden.pdf. ", `attachment; filename="hidden.pdf"; filename*=UTF-8''hidden.pdf`},
		{"李雷.pdf", `attachment; filename="__.pdf"; filename*=UTF-8''%E6%9D%8E%E9%9B%B7.pdf`},
		{"x\u202egnp.pdf", `attachment; filename="xgnp.pdf"; filename*=UTF-8''xgnp.pdf`}, // bidi override dropped
	} {
		if got := blob.ContentDisposition(tc.name); got != tc.want {
			t.Errorf("ContentDisposition(%q)\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestSafeFilenameKeepsExtensionWhenShortened(t *testing.T) {
	got := blob.SafeFilename(strings.Repeat("ñ", 300) + ".pdf")
	if utf8.RuneCountInString(got) != 100 || !strings.HasSuffix(got, ".pdf") {
		t.Fatalf("SafeFilename(300×ñ.pdf) = %q (%d runes); want 100 runes ending .pdf", got, utf8.RuneCountInString(got))
	}
}

// FuzzContentDisposition: whatever the name, the header is one line of printable ASCII
// with exactly one quoted string and a percent-encoded filename*.
func FuzzContentDisposition(f *testing.F) {
	for _, s := range []string{"Informe - José.pdf", "a\"b\\c", "\r\n", "%", "\xff\xfe", "..", "李雷"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		h := blob.ContentDisposition(name)
		for i := 0; i < len(h); i++ {
			if h[i] < 0x20 || h[i] > 0x7e {
				t.Fatalf("byte %#x at %d in %q", h[i], i, h)
			}
		}
		if strings.Count(h, `"`) != 2 {
			t.Fatalf("quotes in %q", h)
		}
		if !strings.HasPrefix(h, `attachment; filename="`) || !strings.Contains(h, `"; filename*=UTF-8''`) {
			t.Fatalf("shape of %q", h)
		}
		ascii := h[len(`attachment; filename="`):strings.Index(h, `"; filename*=`)]
		if ascii == "" || strings.ContainsAny(ascii, `/\%`) {
			t.Fatalf("fallback name %q", ascii)
		}
	})
}
