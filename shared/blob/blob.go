// Package blob is the port for report artifacts: rendered PDFs and CSVs stored under a
// key and handed out through short-lived signed links, never through the API itself.
// Adapters live in subpackages: s3store (S3 with presigned GETs; MinIO locally) and
// localstore (files on disk with HMAC-signed links, for the dev server). Both pass the
// conformance suite in blobtest.
//
// The rules every adapter shares live here, so they cannot drift apart: what a key may
// look like, how long a link may live, and how a download's filename is sanitised.
package blob

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"shortlist/shared/assess"
)

// Store holds report artifacts.
type Store interface {
	// Put stores body under key (replacing what was there; a versioned bucket keeps
	// the old version until Delete).
	Put(ctx context.Context, key, contentType string, body []byte) error
	// Get reads key's latest body; a missing key is a NotFound error. The server's own
	// data (cohort snapshots) is read this way; people get files through PresignGet.
	Get(ctx context.Context, key string) ([]byte, error)
	// PresignGet returns a link that downloads key, as an attachment named filename
	// (sanitised with ContentDisposition), for ttl (at most MaxTTL). The link is
	// signed: changing any character of it, or using it after ttl, fails.
	PresignGet(ctx context.Context, key, filename string, ttl time.Duration) (string, error)
	// Delete removes every stored version of key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// DeletePrefix removes every version of every key under prefix, which must end
	// with "/" (erasure of a candidate or an organisation).
	DeletePrefix(ctx context.Context, prefix string) error
}

// Stater is a Store that can tell whether a key holds an object without reading it (S3's
// HEAD, a file's stat): the reports sweep checks that recorded files are really there.
type Stater interface {
	Exists(ctx context.Context, key string) (bool, error)
}

// Exists reports whether key holds an object: through the store's Stater, else by reading
// the object.
func Exists(ctx context.Context, s Store, key string) (bool, error) {
	if st, ok := s.(Stater); ok {
		return st.Exists(ctx, key)
	}
	_, err := s.Get(ctx, key)
	if assess.CodeOf(err) == assess.NotFound {
		return false, nil
	}
	return err == nil, err
}

// MaxTTL is the longest a link may live (docs/security.md: links expire in ≤ 15 minutes).
const MaxTTL = 15 * time.Minute

// CheckTTL rejects a link lifetime that is not positive or exceeds MaxTTL. It is an
// error, not a silent clamp: a caller asking for an hour has a bug worth seeing.
func CheckTTL(ttl time.Duration) error {
	if ttl <= 0 || ttl > MaxTTL {
		return assess.FieldError("ttl", fmt.Sprintf("must be between 1s and %s", MaxTTL))
	}
	if ttl < time.Second {
		return assess.FieldError("ttl", "must be at least 1s (links are signed with second precision)")
	}
	return nil
}

// MaxKeyLen keeps keys well inside S3's 1,024-byte limit, with room for a prefix.
const MaxKeyLen = 512

// CheckKey accepts keys made of "/"-separated segments of ASCII letters, digits, ".",
// "_" and "-", with no empty, "." or ".." segment. Keys are built from random ids by
// our own code; the narrow alphabet keeps them safe as file paths for the local store
// and unambiguous in URLs and signatures.
func CheckKey(key string) error {
	if key == "" || len(key) > MaxKeyLen {
		return assess.FieldError("key", fmt.Sprintf("must be 1 to %d bytes", MaxKeyLen))
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return assess.FieldError("key", "has an empty, \".\" or \"..\" segment")
		}
		for i := 0; i < len(seg); i++ {
			if !keyByte(seg[i]) {
				return assess.FieldError("key", "may hold only letters, digits, '.', '_', '-' and '/'")
			}
		}
	}
	return nil
}

// CheckPrefix accepts a key prefix for DeletePrefix: a valid key followed by "/". An
// empty prefix would empty the whole bucket, so it is refused.
func CheckPrefix(prefix string) error {
	if !strings.HasSuffix(prefix, "/") {
		return assess.FieldError("prefix", "must end with \"/\"")
	}
	if err := CheckKey(strings.TrimSuffix(prefix, "/")); err != nil {
		return assess.FieldError("prefix", "is not a valid key prefix")
	}
	return nil
}

func keyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-'
}

// maxNameRunes bounds a download name: long enough for "Informe - <a long name>.pdf",
// short enough for every file system.
const maxNameRunes = 100

// ContentDisposition is the attachment header for a download named filename: an ASCII
// fallback in filename= for old clients and the UTF-8 name in filename*= (RFC 6266,
// RFC 5987), so "Informe - José Núñez.pdf" keeps its accents where it can. The name is
// sanitised first (see SafeFilename), so it can never inject a header or a path.
func ContentDisposition(filename string) string {
	name := SafeFilename(filename)
	return `attachment; filename="` + asciiName(name) + `"; filename*=UTF-8''` + pctEncode(name)
}

// SafeFilename reduces a name to something every browser and file system accepts: no
// directories, no control or format characters, none of <>:"/\|?*, no leading dots or
// trailing dots and spaces, at most 100 characters (the extension kept); "download"
// when nothing is left.
func SafeFilename(name string) string {
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "_")
	}
	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError:
			continue
		case strings.ContainsRune(`<>:"/\|?*`, r):
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
		space = false
	}
	s := strings.TrimLeft(strings.TrimSpace(b.String()), ". ")
	s = strings.TrimRight(s, ". ")
	if r := []rune(s); len(r) > maxNameRunes {
		ext := ""
		if i := strings.LastIndexByte(s, '.'); i > 0 && len(s)-i <= 6 {
			ext = s[i:]
		}
		keep := maxNameRunes - utf8.RuneCountInString(ext)
		s = strings.TrimRight(string([]rune(strings.TrimSuffix(s, ext))[:keep]), ". ") + ext
	}
	if s == "" {
		return "download"
	}
	return s
}

// fold maps Latin letters with diacritics onto their ASCII base for the fallback name.
var fold = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'Á': "A", 'À': "A", 'Â': "A", 'Ä': "A", 'Ã': "A", 'Å': "A",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'É': "E", 'È': "E", 'Ê': "E", 'Ë': "E",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'Í': "I", 'Ì': "I", 'Î': "I", 'Ï': "I",
	'ó': "o", 'ò': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ø': "o", 'Ó': "O", 'Ò': "O", 'Ô': "O", 'Ö': "O", 'Õ': "O", 'Ø': "O",
	'ú': "u", 'ù': "u", 'û': "u", 'ü': "u", 'Ú': "U", 'Ù': "U", 'Û': "U", 'Ü': "U",
	'ñ': "n", 'Ñ': "N", 'ç': "c", 'Ç': "C", 'ý': "y", 'ÿ': "y", 'Ý': "Y",
	'ß': "ss", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
	'–': "-", '—': "-", '‘': "'", '’': "'", '·': "-",
}

// asciiName is the filename= fallback: printable ASCII without quotes or backslashes
// (which would end or escape the quoted string), everything else folded or "_".
func asciiName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == '"' || r == '\\' || r == '%':
			// % too: some browsers percent-decode filename=, which would let a name
			// spell characters the sanitiser removed.
			b.WriteByte('_')
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		default:
			if f, ok := fold[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}

// pctEncode encodes a UTF-8 string as an RFC 5987 value: attr-chars stay, every other
// byte becomes %XX.
func pctEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
