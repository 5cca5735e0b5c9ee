package api

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"shortlist/shared/api/openapi"
	"shortlist/shared/catalog"
)

// responseTypes names the Go type each route's 2xx answer is written from, keyed by
// "operationId status". The OpenAPI document's schema for that answer must be a named
// one (components/schemas) whose properties are the type's JSON fields, all the way down.
// A nil type is an answer that is not written from a Go value (the document itself).
var responseTypes = map[string]any{
	"listIndustries 200":        IndustriesResponse{},
	"listRoles 200":             RolesResponse{},
	"getRole 200":               roleJSON{},
	"getInstrument 200":         instrumentJSON{},
	"listInstruments 200":       InstrumentsResponse{},
	"openapi 200":               nil,
	"createAssessment 201":      assessmentJSON{},
	"listAssessments 200":       AssessmentsResponse{},
	"getAssessment 200":         assessmentJSON{},
	"invite 201":                InviteResponse{},
	"listCandidates 200":        CandidatesResponse{},
	"createCohortReport 201":    ReportsResponse{},
	"createCohortReport 202":    ReportsPendingResponse{},
	"listReports 200":           ReportsResponse{},
	"reportLink 200":            ReportLinkResponse{},
	"feedback 200":              FeedbackResponse{},
	"decide 201":                decisionJSON{},
	"fairness 200":              FairnessResponse{},
	"eraseCandidate 200":        EraseResponse{},
	"exportCandidate 200":       ExportResponse{},
	"getOrganisation 200":       OrganisationResponse{},
	"putOrganisation 200":       OrganisationResponse{},
	"auditLog 200":              AuditResponse{},
	"whoAmI 200":                Me{},
	"resendInvitation 201":      ResendResponse{},
	"listWebhooks 200":          WebhooksResponse{},
	"createWebhook 201":         WebhookSecretResponse{},
	"rotateWebhookSecret 200":   WebhookSecretResponse{},
	"listWebhookDeliveries 200": DeliveriesResponse{},
	"replayWebhookDelivery 202": DeliveryJSON{},
	"signIn 200":                SignInResponse{},
	"answerChallenge 200":       SignInResponse{},
	"refresh 200":               SignInResponse{},
	"mfaSetup 200":              MFASetup{},
	"listTeam 200":              TeamResponse{},
	"inviteMember 201":          MemberJSON{},
	"changeRole 200":            MemberJSON{},
	"listKeys 200":              KeysResponse{},
	"createKey 201":             NewKeyResponse{},
	"previewInvite 200":         PreviewResponse{},
	"selfIdentify 200":          SelfIDResponse{},
	"startSession 201":          StartSessionResponse{},
	"getSession 200":            sessionJSON{},
	"startSection 200":          StartSectionResponse{},
	"finishSection 200":         sessionJSON{},
	"completeSession 200":       sessionJSON{},
	"sectionIntro 200":          SectionIntroResponse{},
	"practice 200":              catalog.PracticeFeedback{},
	"saveAnswers 200":           SaveAnswersResponse{},
	"ranking 200":               rankingResponse{},
	"candidateDetail 200":       candidateDetailResponse{},
	"statistics 200":            statisticsResponse{},
	"compare 200":               compareResponse{},
}

type jsonDoc = map[string]any

func loadDoc(t *testing.T) jsonDoc {
	t.Helper()
	var doc jsonDoc
	if err := json.Unmarshal(openapi.Document, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// operations lists the document's operations as "METHOD path" → operation object.
func operations(doc jsonDoc) map[string]jsonDoc {
	out := map[string]jsonDoc{}
	for path, item := range doc["paths"].(jsonDoc) {
		for method, op := range item.(jsonDoc) {
			if o, ok := op.(jsonDoc); ok && o["operationId"] != nil {
				out[strings.ToUpper(method)+" "+path] = o
			}
		}
	}
	return out
}

// Every 2xx answer with a body has a named schema, and that schema has the properties of
// the Go type the handler writes, recursively.
func TestOpenAPIAnswersAreNamedAndMatchTheirTypes(t *testing.T) {
	t.Parallel()
	doc := loadDoc(t)
	ops := operations(doc)
	used := map[string]bool{}
	for _, rt := range Routes {
		op := ops[rt.Method+" "+rt.Pattern]
		if op == nil {
			t.Errorf("%s %s (%s) is not in the document", rt.Method, rt.Pattern, rt.Op)
			continue
		}
		for status, resp := range op["responses"].(jsonDoc) {
			if !strings.HasPrefix(status, "2") {
				continue
			}
			key := rt.Op + " " + status
			content, _ := resp.(jsonDoc)["content"].(jsonDoc)
			if len(content) == 0 {
				if _, ok := responseTypes[key]; ok {
					t.Errorf("%s: the document has no body, responseTypes has a type", key)
				}
				continue
			}
			media, _ := content["application/json"].(jsonDoc)
			if media == nil {
				t.Errorf("%s: the answer is not application/json", key)
				continue
			}
			schema, _ := media["schema"].(jsonDoc)
			ref, _ := schema["$ref"].(string)
			name, named := strings.CutPrefix(ref, "#/components/schemas/")
			if !named {
				t.Errorf("%s: the answer's schema is not a named one ($ref to #/components/schemas/…): %.200v", key, schema)
				continue
			}
			typ, ok := responseTypes[key]
			if !ok {
				t.Errorf("%s: no response type in responseTypes", key)
				continue
			}
			used[key] = true
			if typ == nil {
				continue
			}
			compareSchema(t, doc, key+" ("+name+")", reflect.TypeOf(typ), schema, map[string]bool{})
		}
	}
	for key := range responseTypes {
		if !used[key] {
			t.Errorf("responseTypes has %s, which no route of the document answers", key)
		}
	}
}

// No schema is a bare object: an object says its properties, or that it is a map
// (additionalProperties).
func TestOpenAPIHasNoBareObjects(t *testing.T) {
	t.Parallel()
	doc := loadDoc(t)
	var bare []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case jsonDoc:
			if isObject(x) && x["properties"] == nil && x["additionalProperties"] == nil &&
				x["$ref"] == nil && x["allOf"] == nil && x["anyOf"] == nil && x["oneOf"] == nil {
				bare = append(bare, path)
			}
			for k, e := range x {
				walk(path+"/"+k, e)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s/%d", path, i), e)
			}
		}
	}
	for p, item := range doc["paths"].(jsonDoc) {
		walk("paths/"+p, item)
	}
	walk("components", doc["components"])
	sort.Strings(bare)
	for _, p := range bare {
		t.Errorf("bare object schema (no properties, not a map) at %s", p)
	}
}

func isObject(s jsonDoc) bool {
	switch ty := s["type"].(type) {
	case string:
		return ty == "object"
	case []any:
		for _, x := range ty {
			if x == "object" {
				return true
			}
		}
	}
	return false
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	timeType      = reflect.TypeFor[time.Time]()
)

// compareSchema checks that schema describes typ's JSON: a struct's fields are exactly
// the schema's properties, a slice's element its items, a map's values its
// additionalProperties. Types with their own JSON encoding are taken as they are; so is a
// schema that declares a free-form object (additionalProperties: true, no properties).
func compareSchema(t *testing.T, doc jsonDoc, where string, typ reflect.Type, schema jsonDoc, seen map[string]bool) {
	t.Helper()
	schema, name := resolve(t, doc, where, schema)
	if schema == nil {
		return
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ == timeType || typ.Implements(jsonMarshaler) || reflect.PointerTo(typ).Implements(jsonMarshaler) ||
		typ.Implements(textMarshaler) || reflect.PointerTo(typ).Implements(textMarshaler) {
		return
	}
	if name != "" {
		visit := name + "=" + typ.String()
		if seen[visit] {
			return
		}
		seen[visit] = true
	}
	switch typ.Kind() {
	case reflect.Struct:
		props, _ := schema["properties"].(jsonDoc)
		if props == nil {
			if schema["additionalProperties"] == true {
				return // declared free-form
			}
			t.Errorf("%s: %s has JSON fields, the schema no properties", where, typ)
			return
		}
		fields := jsonFields(typ)
		var missing, extra []string
		for f := range fields {
			if props[f] == nil {
				missing = append(missing, f)
			}
		}
		for p := range props {
			if _, ok := fields[p]; !ok {
				extra = append(extra, p)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing) > 0 {
			t.Errorf("%s: %s has fields the schema lacks: %v", where, typ, missing)
		}
		if len(extra) > 0 {
			t.Errorf("%s: the schema has properties %s lacks: %v", where, typ, extra)
		}
		for f, ft := range fields {
			if p, ok := props[f].(jsonDoc); ok {
				compareSchema(t, doc, where+"."+f, ft, p, seen)
			}
		}
	case reflect.Slice, reflect.Array:
		if typ.Elem().Kind() == reflect.Uint8 {
			return // bytes: a base64 string
		}
		items, _ := schema["items"].(jsonDoc)
		if items == nil {
			t.Errorf("%s: %s is a list, the schema has no items", where, typ)
			return
		}
		compareSchema(t, doc, where+"[]", typ.Elem(), items, seen)
	case reflect.Map:
		if values, ok := schema["additionalProperties"].(jsonDoc); ok {
			compareSchema(t, doc, where+"{}", typ.Elem(), values, seen)
		}
	}
}

// resolve follows a $ref, and picks the one non-null branch of a nullable anyOf/oneOf.
func resolve(t *testing.T, doc jsonDoc, where string, schema jsonDoc) (jsonDoc, string) {
	t.Helper()
	name := ""
	for range 8 {
		if ref, ok := schema["$ref"].(string); ok {
			n, found := strings.CutPrefix(ref, "#/components/schemas/")
			target, _ := doc["components"].(jsonDoc)["schemas"].(jsonDoc)[n].(jsonDoc)
			if !found || target == nil {
				t.Errorf("%s: $ref %s does not resolve", where, ref)
				return nil, ""
			}
			schema, name = target, n
			continue
		}
		var branches []any
		for _, k := range []string{"anyOf", "oneOf"} {
			if b, ok := schema[k].([]any); ok {
				branches = b
			}
		}
		if branches == nil {
			return schema, name
		}
		var keep []jsonDoc
		for _, b := range branches {
			if bs, ok := b.(jsonDoc); ok && bs["type"] != "null" {
				keep = append(keep, bs)
			}
		}
		if len(keep) != 1 {
			return nil, "" // a real union: not compared
		}
		schema = keep[0]
	}
	t.Errorf("%s: $ref chain too long", where)
	return nil, ""
}

// jsonFields lists a struct type's JSON fields as encoding/json writes them: tag names,
// untagged embedded structs flattened, "-" and unexported fields left out.
func jsonFields(typ reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				for k, v := range jsonFields(et) {
					out[k] = v
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}
