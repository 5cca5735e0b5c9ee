// Package mailpittest reads what a Mailpit server received, through its REST API, for the
// tests that send email over SMTP (scripts/services/mailpit starts the server and prints
// its SMTP address and API URL).
package mailpittest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// Summary is one message in a list.
type Summary struct {
	ID        string // Mailpit's id, for Get
	MessageID string // the Message-ID header
	Subject   string
}

// Address is a sender or recipient.
type Address struct{ Name, Address string }

// Message is one message as Mailpit decoded it from the wire.
type Message struct {
	Subject    string
	From       Address
	To         []Address
	Text, HTML string
}

var client = &http.Client{Timeout: 30 * time.Second}

// Search returns the messages matching query, in Mailpit's search syntax (to:ana@x.example,
// message-id:"<id>").
func Search(t testing.TB, api, query string) []Summary {
	t.Helper()
	var out struct{ Messages []Summary }
	get(t, api+"/api/v1/search?query="+url.QueryEscape(query), &out)
	return out.Messages
}

// All returns every message the server holds, newest first.
func All(t testing.TB, api string) []Summary {
	t.Helper()
	var out struct{ Messages []Summary }
	get(t, api+"/api/v1/messages", &out)
	return out.Messages
}

// Get returns one message by its Mailpit id.
func Get(t testing.TB, api, id string) Message {
	t.Helper()
	var m Message
	get(t, api+"/api/v1/message/"+url.PathEscape(id), &m)
	return m
}

func get(t testing.TB, u string, v any) {
	t.Helper()
	resp, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s: %s", u, resp.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v: %s", u, err, body)
	}
}
