package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"shortlist/content"
	"shortlist/shared/api"
	"shortlist/shared/catalog"
)

func newTestHandler(t *testing.T, fn string) http.Handler {
	t.Helper()
	cat, err := catalog.Load(content.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.NewHandler(api.Deps{Catalog: cat}, fn)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, h http.Handler, method, target string, header map[string]string) response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.Bytes()}
}

type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func TestListRolesInSpanish(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, "")
	for _, header := range []map[string]string{nil, {"Accept-Language": "es-AR,es;q=0.9,en;q=0.5"}} {
		target := "/v1/catalog/roles?lang=es"
		if header != nil {
			target = "/v1/catalog/roles"
		}
		r := do(t, h, "GET", target, header)
		if r.status != 200 {
			t.Fatalf("%s: status %d: %s", target, r.status, r.body)
		}
		var body struct {
			Lang  string
			Roles []struct{ ID, Name string }
		}
		if err := json.Unmarshal(r.body, &body); err != nil {
			t.Fatal(err)
		}
		names := map[string]string{}
		for _, ro := range body.Roles {
			names[ro.ID] = ro.Name
		}
		if body.Lang != "es" || names["sales-back-office"] != "Back office de ventas" ||
			names["ecommerce-customer-support"] != "Atención al cliente e-commerce" {
			t.Errorf("%s %v: got lang %q, names %v", target, header, body.Lang, names)
		}
	}
}

func TestRoleDetail(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, "catalog")
	for id, entries := range map[string]int{"sales-back-office": 5, "ecommerce-customer-support": 6} {
		r := do(t, h, "GET", "/v1/catalog/roles/"+id+"?lang=en", nil)
		if r.status != 200 {
			t.Fatalf("%s: status %d: %s", id, r.status, r.body)
		}
		var role struct {
			Name string
			Mix  []struct {
				Reason     string
				Weight     float64
				Instrument struct{ ID, Name string }
			}
			Weighting struct{ Note string }
		}
		if err := json.Unmarshal(r.body, &role); err != nil {
			t.Fatal(err)
		}
		if len(role.Mix) != entries {
			t.Errorf("%s: %d mix entries, want %d", id, len(role.Mix), entries)
		}
		for i, e := range role.Mix {
			if e.Reason == "" || e.Instrument.Name == "" {
				t.Errorf("%s mix[%d] without reason or instrument name: %+v", id, i, e)
			}
		}
		if !strings.Contains(role.Weighting.Note, "weight is on attitude") {
			t.Errorf("%s: weighting note %q", id, role.Weighting.Note)
		}
	}
}

// Catalog answers must never carry items, keys, norms or scoring parameters.
func TestCatalogLeaksNoKeys(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, "")
	cat, _ := catalog.Load(content.Catalog())
	targets := []string{"/v1/catalog/industries", "/v1/catalog/roles"}
	for _, ro := range cat.Roles("") {
		targets = append(targets, "/v1/catalog/roles/"+ro.ID)
	}
	for _, in := range cat.Instruments() {
		targets = append(targets, "/v1/catalog/instruments/"+in.ID)
	}
	for _, target := range targets {
		for _, lang := range []string{"es", "en"} {
			r := do(t, h, "GET", target+"?lang="+lang, nil)
			if r.status != 200 {
				t.Fatalf("%s: %d", target, r.status)
			}
			for _, k := range []string{`"key"`, `"correct"`, `"best"`, `"worst"`, `"norm"`, `"a":`, `"b":`, `"why"`, `"errors"`, `"answer"`, `"text"`, `"options"`} {
				if strings.Contains(string(r.body), k) {
					t.Errorf("%s?lang=%s carries %s", target, lang, k)
				}
			}
		}
	}
}

func TestCatalogErrors(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, "")
	tests := []struct {
		method, target string
		status         int
		code, field    string
	}{
		{"GET", "/v1/catalog/roles/no-such-role", 404, "not_found", ""},
		{"GET", "/v1/catalog/instruments/no-such-test", 404, "not_found", ""},
		{"GET", "/v1/catalog/roles?lang=fr", 400, "invalid", "lang"},
		{"GET", "/v1/catalog/roles?lang=", 400, "invalid", "lang"},
		{"GET", "/v1/catalog/roles?industry=mining", 400, "invalid", "industry"},
		{"GET", "/v1/catalog/roles?colour=red", 400, "invalid", "colour"},
		{"GET", "/v1/catalog/roles?lang=es&lang=en", 400, "invalid", "lang"},
		{"GET", "/v1/catalog/roles?lang=%zz", 400, "invalid", ""},
		{"POST", "/v1/catalog/roles", 405, "method_not_allowed", ""},
		{"DELETE", "/v1/catalog/roles/sales-back-office", 405, "method_not_allowed", ""},
		{"GET", "/v1/nothing-here", 404, "not_found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			r := do(t, h, tt.method, tt.target, nil)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			var e apiError
			if err := json.Unmarshal(r.body, &e); err != nil {
				t.Fatalf("not the JSON error shape: %s", r.body)
			}
			if e.Error.Code != tt.code || e.Error.Message == "" {
				t.Errorf("error %+v, want code %s", e.Error, tt.code)
			}
			if tt.field != "" && e.Error.Fields[tt.field] == "" {
				t.Errorf("fields %v do not name %q", e.Error.Fields, tt.field)
			}
			if tt.status == 405 && r.header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
}

func TestCatalogConditionalGET(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, "")
	first := do(t, h, "GET", "/v1/catalog/roles?lang=en", nil)
	etag := first.header.Get("ETag")
	if etag == "" || first.header.Get("Cache-Control") == "" {
		t.Fatalf("no caching headers: %v", first.header)
	}
	again := do(t, h, "GET", "/v1/catalog/roles?lang=en", map[string]string{"If-None-Match": etag})
	if again.status != http.StatusNotModified || len(again.body) != 0 {
		t.Errorf("If-None-Match with the current ETag: %d %q", again.status, again.body)
	}
	other := do(t, h, "GET", "/v1/catalog/roles?lang=es", map[string]string{"If-None-Match": etag})
	if other.status != 200 {
		t.Errorf("the Spanish list answered %d to the English ETag", other.status)
	}
}

// A function mounts only its own routes.
func TestFunctionMountsOnlyItsRoutes(t *testing.T) {
	t.Parallel()
	cat, _ := catalog.Load(content.Catalog())
	for _, fn := range api.Functions() {
		h, err := api.NewHandler(api.Deps{Catalog: cat}, fn)
		if err != nil {
			t.Fatal(err)
		}
		for _, rt := range api.Routes {
			if rt.Function == fn || strings.Contains(rt.Pattern, "{") {
				continue
			}
			if r := do(t, h, rt.Method, rt.Pattern, nil); r.status != 404 && r.status != 405 {
				t.Errorf("function %s serves %s %s (status %d)", fn, rt.Method, rt.Pattern, r.status)
			}
		}
	}
}

func TestRequestIDEchoed(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, "")
	r := do(t, h, "GET", "/v1/catalog/industries", map[string]string{"X-Request-Id": "abc-123"})
	if got := r.header.Get("X-Request-Id"); got != "abc-123" {
		t.Errorf("X-Request-Id %q", got)
	}
	r = do(t, h, "GET", "/v1/catalog/industries", map[string]string{"X-Request-Id": "bad\nid"})
	if got := r.header.Get("X-Request-Id"); got == "" || strings.ContainsAny(got, "\n ") {
		t.Errorf("unsafe request id accepted: %q", got)
	}
}

// GET /v1/catalog/roles/{roleId} carries the advice on its suggested mix, in the asked
// language, without changing the mix.
func TestRoleAdvice(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, "")
	type advice struct {
		SelfReportShare float64 `json:"selfReportShare"`
		Suggestions     []struct {
			Instrument, Name, Kind, Reason string
		} `json:"suggestions"`
		Summary string `json:"summary"`
	}
	get := func(id, lang string) (advice, int) {
		r := do(t, h, "GET", "/v1/catalog/roles/"+id+"?lang="+lang, nil)
		if r.status != 200 {
			t.Fatalf("%s: status %d: %s", id, r.status, r.body)
		}
		var body struct {
			Mix    []json.RawMessage `json:"mix"`
			Advice advice            `json:"advice"`
		}
		if err := json.Unmarshal(r.body, &body); err != nil {
			t.Fatal(err)
		}
		return body.Advice, len(body.Mix)
	}
	a, n := get("ecommerce-customer-support", "en")
	if a.SelfReportShare != 1 || n != 6 {
		t.Errorf("share %v, mix of %d", a.SelfReportShare, n)
	}
	ids := map[string]bool{}
	for _, s := range a.Suggestions {
		ids[s.Instrument] = true
		if s.Name == "" || s.Reason == "" || s.Kind == "" {
			t.Errorf("incomplete suggestion %+v", s)
		}
	}
	if !ids["parallel-cases"] || !ids["customer-reply"] || !strings.HasPrefix(a.Summary, "100% of this mix's weight is self-description") {
		t.Errorf("advice: %+v", a)
	}
	es, _ := get("ecommerce-customer-support", "es")
	if !strings.HasPrefix(es.Summary, "El 100 % del peso") || len(es.Suggestions) == 0 || es.Suggestions[0].Reason == a.Suggestions[0].Reason {
		t.Errorf("spanish advice: %+v", es)
	}
	sbo, _ := get("sales-back-office", "en")
	found := false
	for _, s := range sbo.Suggestions {
		found = found || s.Instrument == "digital-tools"
	}
	if sbo.SelfReportShare < 0.6499 || sbo.SelfReportShare > 0.6501 || !found {
		t.Errorf("sales back office advice: %+v", sbo)
	}
}
