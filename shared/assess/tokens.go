package assess

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// Token prefixes say what a secret is when it turns up in a log or a support ticket.
const (
	APIKeyPrefix  = "slk_"
	InvitePrefix  = "sli_"
	SessionPrefix = "sls_"
)

// NewToken returns a fresh secret (256 random bits after the prefix) and its hash. Only
// the hash is stored; the secret is shown once.
func NewToken(prefix string) (token, hash string) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	token = prefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// NewBoundToken returns a fresh secret for the invite or session whose id is id, and its
// hash: the prefix, the id, '_', and 256 random bits. The id is not secret (it only names
// the record to look up, which is then compared with the stored hash of the whole token
// in constant time), and it saves a pointer item per token: a lookup is one read of the
// record itself, and issuing or rotating a token is one write.
func NewBoundToken(prefix, id string) (token, hash string) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	token = prefix + id + "_" + base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// TokenOwner checks a presented bound token's shape before any lookup (so junk never
// reaches the store) and returns the id it names.
func TokenOwner(token, prefix string) (string, bool) {
	rest, ok := strings.CutPrefix(token, prefix)
	if !ok || len(rest) != 26+1+43 || rest[26] != '_' || !ValidID(rest[:26]) {
		return "", false
	}
	secret := rest[27:]
	if !only(secret, base64URLByte) {
		return "", false
	}
	if _, err := base64.RawURLEncoding.DecodeString(secret); err != nil {
		return "", false
	}
	return rest[:26], true
}

// HashToken is the stored form of a token. The tokens carry 256 random bits, so a fast
// hash is enough: there is nothing to brute-force.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// TokenMatches compares a presented token with a stored hash in constant time.
func TokenMatches(token, storedHash string) bool {
	h := HashToken(token)
	return subtle.ConstantTimeCompare([]byte(h), []byte(storedHash)) == 1
}

// WellFormedToken checks a presented token's shape before any lookup, so junk never
// reaches the store: the prefix, and 43 base64url characters.
func WellFormedToken(token, prefix string) bool {
	rest, ok := strings.CutPrefix(token, prefix)
	// The alphabet is checked here: the decoder skips \r and \n (found by FuzzWellFormedToken).
	if !ok || len(rest) != 43 || !only(rest, base64URLByte) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewID returns a random, unguessable id (128 bits, lowercase base32, 26 characters).
// IDs are random so that one organisation cannot enumerate another's objects.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return idEncoding.EncodeToString(b[:])
}

// IDFromBytes derives an id of NewID's shape from 16 bytes (for ids that must be stable,
// such as a session's report records, which a re-render replaces).
func IDFromBytes(b []byte) string {
	var a [16]byte
	copy(a[:], b)
	return idEncoding.EncodeToString(a[:])
}

// ValidID says whether s has NewID's shape; handlers reject anything else with a 404.
func ValidID(s string) bool {
	// The alphabet is checked here: the decoder skips \r and \n and stops at \xff, its
	// no-padding marker (found by FuzzWellFormedToken).
	if len(s) != 26 || !only(s, base32Byte) {
		return false
	}
	_, err := idEncoding.DecodeString(s)
	return err == nil
}

func only(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func base64URLByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

func base32Byte(c byte) bool { return 'a' <= c && c <= 'z' || '2' <= c && c <= '7' }
