package store

import (
	"context"
	"sort"
	"strings"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// Webhook items (see the package doc's table):
//
//	webhook endpoint (URL, events, secrets)   ORG#<org>           WH#<endpoint>        (ver)
//	endpoints of an organisation              ORG#<org>, prefix WH#
//	delivery of one event to one endpoint     WHD#<org>#<endpoint> <delivery id>       (ver, status; expires in 30 days)
//	deliveries of an endpoint, newest first   WHD#<org>#<endpoint>, in reverse
//
// A delivery's INSERT on the table's stream is the notify function's trigger; its id
// starts with the event's time in hex, so an endpoint's partition lists newest first, and
// ends with a hash of the event and endpoint, so the same occurrence is one delivery.
// Each partition is one endpoint's: a burst of events for many endpoints spreads out.

const (
	typeEndpoint = "wh"
	typeDelivery = "whd"
	// maxResponse is how much of a response body an attempt keeps in the table (the rest
	// of webhook.MaxSnippet is left out: an item is billed by the kilobyte).
	maxResponse = 256
)

func endpointKey(org, id string) Key   { return Key{"ORG#" + org, "WH#" + id} }
func deliveryPK(org, ep string) string { return "WHD#" + org + "#" + ep }

type secretDoc struct {
	Secret  string `json:"s"`
	Created int64  `json:"ct"`
	Expires int64  `json:"exp,omitempty"`
}

type endpointDoc struct {
	URL      string      `json:"url"`
	Events   []string    `json:"ev"`
	Secrets  []secretDoc `json:"sec"`
	Status   string      `json:"st"`
	Reason   string      `json:"why,omitempty"`
	Created  int64       `json:"ct"`
	Rotated  int64       `json:"rot,omitempty"`
	Disabled int64       `json:"dis,omitempty"`
}

func toEndpointItem(e assess.Endpoint) (Item, error) {
	if !okID(e.OrgID) || !okID(e.ID) {
		return nil, badID("webhook endpoint", e.ID)
	}
	d := endpointDoc{URL: e.URL, Status: string(e.Status), Reason: e.Reason, Created: nanos(e.CreatedAt),
		Rotated: nanos(e.RotatedAt), Disabled: nanos(e.DisabledAt)}
	for _, t := range e.Events {
		d.Events = append(d.Events, string(t))
	}
	for _, s := range e.Secrets {
		d.Secrets = append(d.Secrets, secretDoc{s.Secret, nanos(s.CreatedAt), nanos(s.Expires)})
	}
	it := base(endpointKey(e.OrgID, e.ID), typeEndpoint)
	it[attrVersion] = e.Version
	return withDoc(it, d)
}

func fromEndpointItem(it Item) (assess.Endpoint, error) {
	var d endpointDoc
	if err := readDoc(it, &d); err != nil {
		return assess.Endpoint{}, err
	}
	e := assess.Endpoint{ID: strings.TrimPrefix(it.Str(table.SK), "WH#"), OrgID: strings.TrimPrefix(it.Str(table.PK), "ORG#"),
		URL: d.URL, Status: assess.EndpointStatus(d.Status), Reason: d.Reason, CreatedAt: fromNanos(d.Created),
		RotatedAt: fromNanos(d.Rotated), DisabledAt: fromNanos(d.Disabled), Version: it.Int(attrVersion)}
	for _, t := range d.Events {
		e.Events = append(e.Events, assess.HookEventType(t))
	}
	for _, s := range d.Secrets {
		e.Secrets = append(e.Secrets, assess.HookSecret{Secret: s.Secret, CreatedAt: fromNanos(s.Created), Expires: fromNanos(s.Expires)})
	}
	return e, nil
}

// CreateEndpoint stores a new webhook endpoint; Conflict if its id exists.
func (r *Repository) CreateEndpoint(ctx context.Context, e assess.Endpoint) error {
	it, err := toEndpointItem(e)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Absent())
}

// Endpoint reads one endpoint of an organisation.
func (r *Repository) Endpoint(ctx context.Context, orgID, id string) (assess.Endpoint, error) {
	if !okID(orgID) || !okID(id) {
		return assess.Endpoint{}, notFound()
	}
	it, err := r.t.Get(ctx, endpointKey(orgID, id))
	if err != nil {
		return assess.Endpoint{}, err
	}
	return fromEndpointItem(it)
}

// Endpoints lists an organisation's endpoints, oldest first.
func (r *Repository) Endpoints(ctx context.Context, orgID string) ([]assess.Endpoint, error) {
	if !okID(orgID) {
		return nil, nil
	}
	items, err := r.queryAll(ctx, Query{PK: "ORG#" + orgID, SKPrefix: "WH#"})
	if err != nil {
		return nil, err
	}
	out, err := decodeAll(items, fromEndpointItem, nil)
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return before(out[i].CreatedAt, out[j].CreatedAt, out[i].ID, out[j].ID) })
	return out, nil
}

// UpdateEndpoint writes e over version e.Version-1; Conflict otherwise.
func (r *Repository) UpdateEndpoint(ctx context.Context, e assess.Endpoint) error {
	it, err := toEndpointItem(e)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Eq(attrVersion, e.Version-1))
}

// DeleteEndpoint removes an endpoint (deleting an absent one is not an error).
func (r *Repository) DeleteEndpoint(ctx context.Context, orgID, id string) error {
	if !okID(orgID) || !okID(id) {
		return notFound()
	}
	return r.t.Delete(ctx, endpointKey(orgID, id), Cond{})
}

type hookEventDoc struct {
	Type   string `json:"t"`
	At     int64  `json:"at"`
	Asmt   string `json:"asmt"`
	Cand   string `json:"cand"`
	Report string `json:"rep,omitempty"`
}

type attemptDoc struct {
	At       int64  `json:"at"`
	Status   int    `json:"st,omitempty"`
	MS       int64  `json:"ms,omitempty"`
	Error    string `json:"err,omitempty"`
	Response string `json:"resp,omitempty"`
	Retry    bool   `json:"r,omitempty"`
	Gone     bool   `json:"g,omitempty"`
}

type deliveryDoc struct {
	Event    hookEventDoc `json:"ev"`
	Attempts []attemptDoc `json:"att,omitempty"`
	Next     int64        `json:"next,omitempty"`
	ReplayOf string       `json:"re,omitempty"`
	Created  int64        `json:"ct"`
}

func toDeliveryItem(d assess.Delivery) (Item, error) {
	if !okID(d.OrgID) || !okID(d.EndpointID) || !assess.ValidDeliveryID(d.ID) || !okID(d.Event.AssessmentID) || !okID(d.Event.CandidateID) {
		return nil, badID("webhook delivery", d.ID)
	}
	doc := deliveryDoc{Event: hookEventDoc{Type: string(d.Event.Type), At: nanos(d.Event.At), Asmt: d.Event.AssessmentID,
		Cand: d.Event.CandidateID, Report: d.Event.ReportID}, Next: nanos(d.NextAt), ReplayOf: d.ReplayOf, Created: nanos(d.CreatedAt)}
	for _, a := range d.Attempts {
		resp := a.Response
		if len(resp) > maxResponse {
			resp = strings.ToValidUTF8(resp[:maxResponse], "")
		}
		doc.Attempts = append(doc.Attempts, attemptDoc{At: nanos(a.At), Status: a.Status, MS: a.Duration.Milliseconds(),
			Error: a.Error, Response: resp, Retry: a.Retry, Gone: a.Gone})
	}
	it := base(Key{deliveryPK(d.OrgID, d.EndpointID), d.ID}, typeDelivery)
	it[attrVersion], it[attrStatus] = d.Version, string(d.State)
	it, err := withDoc(it, doc)
	return withTTLErr(it, err, d.Expires)
}

func fromDeliveryItem(it Item) (assess.Delivery, error) {
	var doc deliveryDoc
	if err := readDoc(it, &doc); err != nil {
		return assess.Delivery{}, err
	}
	org, ep, _ := strings.Cut(strings.TrimPrefix(it.Str(table.PK), "WHD#"), "#")
	d := assess.Delivery{ID: it.Str(table.SK), OrgID: org, EndpointID: ep, State: assess.DeliveryState(it.Str(attrStatus)),
		Event: assess.HookEvent{Type: assess.HookEventType(doc.Event.Type), At: fromNanos(doc.Event.At), OrgID: org,
			AssessmentID: doc.Event.Asmt, CandidateID: doc.Event.Cand, ReportID: doc.Event.Report},
		NextAt: fromNanos(doc.Next), ReplayOf: doc.ReplayOf, CreatedAt: fromNanos(doc.Created), Expires: ttlOf(it),
		Version: it.Int(attrVersion)}
	for _, a := range doc.Attempts {
		d.Attempts = append(d.Attempts, assess.HookAttempt{At: fromNanos(a.At), Status: a.Status, Duration: time.Duration(a.MS) * time.Millisecond,
			Error: a.Error, Response: a.Response, Retry: a.Retry, Gone: a.Gone})
	}
	return d, nil
}

// PutDelivery stores a new delivery; Conflict if the endpoint has one with its id.
func (r *Repository) PutDelivery(ctx context.Context, d assess.Delivery) error {
	it, err := toDeliveryItem(d)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Absent())
}

// Delivery reads one delivery of an organisation's endpoint.
func (r *Repository) Delivery(ctx context.Context, orgID, endpointID, id string) (assess.Delivery, error) {
	if !okID(orgID) || !okID(endpointID) || !assess.ValidDeliveryID(id) {
		return assess.Delivery{}, notFound()
	}
	it, err := r.t.Get(ctx, Key{deliveryPK(orgID, endpointID), id})
	if err != nil {
		return assess.Delivery{}, err
	}
	return fromDeliveryItem(it)
}

// UpdateDelivery writes d over version d.Version-1; Conflict otherwise.
func (r *Repository) UpdateDelivery(ctx context.Context, d assess.Delivery) error {
	it, err := toDeliveryItem(d)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Eq(attrVersion, d.Version-1))
}

// Deliveries lists an endpoint's deliveries, newest first, one page at a time.
func (r *Repository) Deliveries(ctx context.Context, orgID, endpointID, cursor string, limit int) ([]assess.Delivery, string, error) {
	if !okID(orgID) || !okID(endpointID) {
		return nil, "", nil
	}
	page, err := r.t.Query(ctx, Query{PK: deliveryPK(orgID, endpointID), Cursor: cursor, Limit: limit, Reverse: true})
	if err != nil {
		return nil, "", err
	}
	out, err := decodeAll(page.Items, fromDeliveryItem, nil)
	return out, page.Cursor, err
}
