package devidp

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode"
)

func normEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// findUser finds a user by username (sub) or email, as Cognito resolves an email alias.
// Caller holds p.mu.
func (p *IdP) findUser(name string) *user {
	if u := p.st.Users[strings.TrimSpace(name)]; u != nil {
		return u
	}
	email := normEmail(name)
	for _, u := range p.st.Users {
		if u.Email == email {
			return u
		}
	}
	return nil
}

// createUser adds a user. Caller holds p.mu and saves.
func (p *IdP) createUser(email, password, status string) (*user, error) {
	email = normEmail(email)
	if !validEmail(email) {
		return nil, apiErr("InvalidParameterException", "Username should be an email.")
	}
	if p.findUser(email) != nil {
		return nil, apiErr("UsernameExistsException", "An account with the given email already exists.")
	}
	if err := checkPolicy(password); err != nil {
		return nil, err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return nil, err
	}
	now := p.now()
	u := &user{Username: randomID(), Email: email, PasswordHash: hash, Status: status, Enabled: true, Created: now, Modified: now}
	p.st.Users[u.Username] = u
	return u, nil
}

// validEmail is a loose check (Cognito's own is loose too): one "@", something either
// side, a dot in the domain.
func validEmail(email string) bool {
	local, domain, ok := strings.Cut(email, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(domain, "@ ") && !strings.Contains(local, " ")
}

// MinPasswordLength is the deployed pool's (infra: 12 characters, with upper and lower
// case, a digit and a symbol), so what works locally works in AWS.
const MinPasswordLength = 12

// checkPolicy applies the deployed pool's password policy: at least MinPasswordLength
// characters, with an uppercase and a lowercase letter, a digit and a symbol.
func checkPolicy(pw string) error {
	var upper, lower, digit, symbol bool
	for _, r := range pw {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsPunct(r) || unicode.IsSymbol(r) || r == ' ':
			symbol = true
		}
	}
	var why string
	switch {
	case len([]rune(pw)) < MinPasswordLength:
		why = "Password not long enough"
	case len(pw) > 256:
		why = "Password too long"
	case !upper:
		why = "Password must have uppercase characters"
	case !lower:
		why = "Password must have lowercase characters"
	case !digit:
		why = "Password must have numeric characters"
	case !symbol:
		why = "Password must have symbol characters"
	default:
		return nil
	}
	return apiErr("InvalidPasswordException", "Password does not conform to policy: "+why)
}

// Passwords are kept as PBKDF2-SHA256 hashes, so a state file leaks no password.
const pbkdf2Iterations = 20000

func hashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	dk, err := pbkdf2.Key(sha256.New, pw, salt, pbkdf2Iterations, 32)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("pbkdf2-sha256$%d$%x$%x", pbkdf2Iterations, salt, dk), nil
}

func checkPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 {
		return false
	}
	salt, err1 := hex.DecodeString(parts[2])
	want, err2 := hex.DecodeString(parts[3])
	if err1 != nil || err2 != nil {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, pw, salt, iter, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}

// tempPassword makes a temporary password that meets the policy.
func tempPassword() string {
	return randomToken(9) + "Aa1!"
}

// sixDigits is a password-reset code.
func sixDigits() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	return fmt.Sprintf("%06d", n.Int64())
}

// mask hides most of an email, as Cognito's CodeDeliveryDetails does: a***@e***.
func mask(email string) string {
	local, domain, _ := strings.Cut(email, "@")
	first := func(s string) string {
		if s == "" {
			return ""
		}
		return s[:1]
	}
	return first(local) + "***@" + first(domain) + "***"
}
