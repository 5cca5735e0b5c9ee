package api_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"shortlist/shared/assess"
)

type orgAnswer struct {
	Name, DisplayName, AccentColor, Logo string
}

func pngLogo(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{0x1d, 0x4e, 0xd8, 0xff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// An owner names the organisation, brands it, and the invite preview carries the brand.
func TestBranding(t *testing.T) {
	for name, open := range repos(t) {
		t.Run(name, func(t *testing.T) {
			repo := open(t)
			st := newStack(t, repo, seedOrg(repo))
			logo := pngLogo(t)
			dataURL := "data:image/png;base64," + base64.StdEncoding.EncodeToString(logo)
			var org orgAnswer
			st.must(st.call("PUT", "/v1/organisation", st.key, map[string]any{"name": "Acme SpA", "displayName": "Acme Talento",
				"accentColor": "#1D4ED8", "logo": dataURL}), 200).decode(t, &org)
			if org != (orgAnswer{"Acme SpA", "Acme Talento", "#1d4ed8", dataURL}) {
				t.Errorf("PUT answered %+v", org)
			}
			// A PUT without the branding fields (the privacy settings form) keeps them.
			st.must(st.call("PUT", "/v1/organisation", st.key, map[string]any{"retentionDays": 200}), 200)
			org = orgAnswer{}
			st.must(st.call("GET", "/v1/organisation", st.key, nil), 200).decode(t, &org)
			if org != (orgAnswer{"Acme SpA", "Acme Talento", "#1d4ed8", dataURL}) {
				t.Errorf("GET answered %+v", org)
			}
			stored, err := repo.Organisation(t.Context(), st.orgID)
			if err != nil || stored.Logo.Size != len(logo) || stored.Logo.Type != "image/png" {
				t.Errorf("stored %+v %v", stored.Branding, err)
			}
			aid := st.createAssessment("ecommerce-customer-support")
			tok := inviteToken(st.invite(aid, "Ana Pérez")[0].Link)
			var pv struct {
				Organisation string
				Branding     struct{ DisplayName, AccentColor, Logo string }
			}
			st.must(st.call("POST", "/v1/invites/preview", "", map[string]any{"inviteToken": tok}), 200).decode(t, &pv)
			if pv.Organisation != "Acme SpA" || pv.Branding.DisplayName != "Acme Talento" || pv.Branding.AccentColor != "#1d4ed8" || pv.Branding.Logo != dataURL {
				t.Errorf("preview %+v", pv)
			}
			// "" removes; the logo item goes too.
			org = orgAnswer{}
			st.must(st.call("PUT", "/v1/organisation", st.key, map[string]any{"displayName": "", "accentColor": "", "logo": ""}), 200).decode(t, &org)
			if org != (orgAnswer{Name: "Acme SpA"}) {
				t.Errorf("after removal %+v", org)
			}
			if _, err := repo.Logo(t.Context(), st.orgID); assess.CodeOf(err) != assess.NotFound {
				t.Errorf("the logo item is still there: %v", err)
			}
			pv.Branding.Logo = ""
			st.must(st.call("POST", "/v1/invites/preview", "", map[string]any{"inviteToken": tok}), 200).decode(t, &pv)
			if pv.Branding.DisplayName != "" || pv.Branding.Logo != "" {
				t.Errorf("preview after removal %+v", pv.Branding)
			}
		})
	}
}

// Bad branding is a 400 naming the field, and changes nothing.
func TestBrandingValidation(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	webp := append([]byte("RIFF\x10\x00\x00\x00WEBPVP8 "), make([]byte, 8)...)
	jpeg := append([]byte{0xff, 0xd8, 0xff, 0xe0}, make([]byte, 20)...)
	b64 := base64.StdEncoding.EncodeToString
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
		says  string
	}{
		{"not a colour", map[string]any{"accentColor": "blue"}, "accentColor", "#rrggbb"},
		{"short hex", map[string]any{"accentColor": "#fff"}, "accentColor", "#rrggbb"},
		{"low contrast", map[string]any{"accentColor": "#ffcc00"}, "accentColor", "contrast"},
		{"mid grey just under 4.5", map[string]any{"accentColor": "#777777"}, "accentColor", "contrast"},
		{"oversized logo", map[string]any{"logo": b64(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, assess.MaxLogoBytes)...))}, "logo", "100 KB"},
		{"not an image", map[string]any{"logo": "data:image/png;base64," + b64([]byte("<svg xmlns='http://www.w3.org/2000/svg'/>"))}, "logo", "PNG, JPEG or WebP"},
		{"GIF", map[string]any{"logo": b64([]byte("GIF89a\x01\x00\x01\x00"))}, "logo", "PNG, JPEG or WebP"},
		{"not base64", map[string]any{"logo": "%%%"}, "logo", "base64"},
		{"empty name", map[string]any{"name": "  "}, "name", "printable"},
		{"long display name", map[string]any{"displayName": strings.Repeat("x", 101)}, "displayName", "100"},
	} {
		r := st.call("PUT", "/v1/organisation", st.key, tc.body)
		var e apiError
		r.decode(t, &e)
		if r.status != 400 || !strings.Contains(e.Error.Fields[tc.field], tc.says) {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
		}
	}
	var org orgAnswer
	st.must(st.call("GET", "/v1/organisation", st.key, nil), 200).decode(t, &org)
	if org != (orgAnswer{Name: "Acme Hiring"}) {
		t.Errorf("after rejected changes: %+v", org)
	}
	// Dark enough colours and the other two formats pass.
	for _, body := range []map[string]any{{"accentColor": "#767676"}, {"accentColor": "#000000"}, {"logo": b64(webp)}, {"logo": "data:image/jpeg;base64," + b64(jpeg)}} {
		st.must(st.call("PUT", "/v1/organisation", st.key, body), 200)
	}
	st.must(st.call("GET", "/v1/organisation", st.key, nil), 200).decode(t, &org)
	if !strings.HasPrefix(org.Logo, "data:image/jpeg;base64,") || org.AccentColor != "#000000" {
		t.Errorf("after valid changes: %+v", org)
	}
}
