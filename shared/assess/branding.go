package assess

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Branding is what an organisation shows candidates instead of Shortlist's own look: a
// display name, an accent colour and a logo. Every field is optional.
type Branding struct {
	// DisplayName is the name candidates see ("" shows Shortlist's); the organisation's
	// Name stays its legal name, the one the privacy notice names.
	DisplayName string
	// AccentColor is "#rrggbb" (lower case), dark enough for white text on it; "" for
	// Shortlist's own.
	AccentColor string
	// Logo names the stored logo (LogoImage, an item of its own so the organisation,
	// read on every HR request, stays small); the zero value: none.
	Logo LogoRef
}

// LogoRef is what the organisation item keeps about its logo.
type LogoRef struct {
	Type string // image/png, image/jpeg or image/webp; "" when there is no logo
	Hash string // the first 16 hex digits of the image's SHA-256: a version for caches
	Size int
}

// LogoImage is a logo's bytes and type.
type LogoImage struct {
	Type string
	Data []byte
}

// Branding limits.
const (
	MaxLogoBytes       = 100 << 10
	MaxDisplayName     = 100
	MinAccentContrast  = 4.5 // WCAG 2 AA for normal text: white text on the accent colour
	maxOrgNameRunes    = 200
	logoHashHexDigits  = 16
	accentColorPattern = "#rrggbb"
)

// CheckName validates an organisation's name.
func CheckName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > maxOrgNameRunes || !printable(name) {
		return name, FieldError("name", "1 to 200 printable characters")
	}
	return name, nil
}

// CheckDisplayName validates a display name ("" is none).
func CheckDisplayName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxDisplayName || !printable(s) {
		return s, FieldError("displayName", fmt.Sprintf("at most %d printable characters", MaxDisplayName))
	}
	return s, nil
}

// CheckAccentColor validates an accent colour ("" is none): #rrggbb, with a contrast
// ratio against white of at least MinAccentContrast, since buttons print white text on it.
func CheckAccentColor(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	if len(s) != 7 || s[0] != '#' {
		return s, FieldError("accentColor", "a colour as "+accentColorPattern+" (for example #1d4ed8)")
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return s, FieldError("accentColor", "a colour as "+accentColorPattern+" (for example #1d4ed8)")
	}
	if c := ContrastWithWhite(uint8(v>>16), uint8(v>>8), uint8(v)); c < MinAccentContrast {
		return s, FieldError("accentColor", fmt.Sprintf("too light for white text on it: contrast %.2f:1 with white, at least %.1f:1 is needed; choose a darker shade", c, MinAccentContrast))
	}
	return s, nil
}

// ContrastWithWhite is the WCAG 2 contrast ratio of an sRGB colour with white.
func ContrastWithWhite(r, g, b uint8) float64 {
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	return 1.05 / (l + 0.05)
}

// CheckLogo validates a logo by its bytes (never a declared type): PNG, JPEG or WebP, at
// most MaxLogoBytes.
func CheckLogo(data []byte) (LogoImage, error) {
	if len(data) == 0 {
		return LogoImage{}, FieldError("logo", "empty; send \"\" to remove the logo")
	}
	if len(data) > MaxLogoBytes {
		return LogoImage{}, FieldError("logo", fmt.Sprintf("%d KB; at most %d KB", (len(data)+1023)/1024, MaxLogoBytes>>10))
	}
	typ := ""
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		typ = "image/png"
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		typ = "image/jpeg"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		typ = "image/webp"
	default:
		return LogoImage{}, FieldError("logo", "not a PNG, JPEG or WebP image")
	}
	return LogoImage{Type: typ, Data: data}, nil
}

// Ref is what the organisation keeps about the logo.
func (l LogoImage) Ref() LogoRef {
	if l.Type == "" {
		return LogoRef{}
	}
	sum := sha256.Sum256(l.Data)
	return LogoRef{Type: l.Type, Hash: hex.EncodeToString(sum[:])[:logoHashHexDigits], Size: len(l.Data)}
}
