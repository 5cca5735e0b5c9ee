package notify

import (
	"bytes"
	"fmt"
	htemplate "html/template"
	"strings"
	ttemplate "text/template"
	"time"
)

// definitions holds every message, written once. The same source is parsed by
// text/template with textLayout and by html/template with htmlLayout; it uses only the
// layout blocks both define:
//
//	top, bottom      the page around a message (called with the page)
//	p                a paragraph (a string)
//	button           a link to act on (a Link)
//	ul, li, li.link, /ul   a list; li takes a string, li.link a Link
//	note             the small print at the end (a string)
//
// and the functions t (a sentence of the string table), date, link and len. Actions trim
// the whitespace around them, so the layouts alone decide line breaks.
//
// A message's subject is the template "<kind>.subject", run with the text set on the
// message's data; its body is "<kind>", run with a page whose D is the data.
const definitions = `
{{- define "hello"}}{{if .}}{{template "p" (t "hello.name" .)}}{{else}}{{template "p" (t "hello")}}{{end}}{{end}}

{{- define "parts"}}
{{- if eq (len .Parts) 1}}{{template "p" (t "parts.intro.one" .TotalMinutes)}}
{{- else}}{{template "p" (t "parts.intro.other" (len .Parts) .TotalMinutes)}}{{end}}
{{- template "ul"}}
{{- range .Parts}}
{{- if .Timed}}{{template "li" (t "part.timed" .Name .Minutes)}}
{{- else}}{{template "li" (t "part.untimed" .Name .Minutes)}}{{end}}
{{- end}}
{{- template "/ul"}}
{{- end}}

{{- define "invitation.subject"}}{{t "invitation.subject" .OrgName}}{{end}}
{{- define "invitation"}}{{template "top" $}}{{with .D}}
{{- template "hello" .CandidateName}}
{{- template "p" (t "invitation.intro" .OrgName .AssessmentName)}}
{{- template "parts" .}}
{{- template "p" (t "clock")}}
{{- template "button" (link .Link (t "open"))}}
{{- template "p" (t "expires" (date .ExpiresAt .Zone))}}
{{- template "p" (t "personal")}}
{{- template "p" (t "access")}}
{{- template "p" (t "decides" .OrgName)}}
{{- template "p" (t "invitation.feedback")}}
{{- template "p" (t "sign" .OrgName)}}
{{- template "note" (t "invitation.why" .OrgName)}}
{{- end}}{{template "bottom" $}}{{end}}

{{- define "reminder.subject"}}{{t "reminder.subject" .OrgName}}{{end}}
{{- define "reminder"}}{{template "top" $}}{{with .D}}
{{- template "hello" .CandidateName}}
{{- template "p" (t "reminder.intro" .OrgName .AssessmentName)}}
{{- if eq .DaysLeft 0}}{{template "p" (t "reminder.left.0" (date .ExpiresAt .Zone))}}
{{- else if eq .DaysLeft 1}}{{template "p" (t "reminder.left.1" (date .ExpiresAt .Zone))}}
{{- else}}{{template "p" (t "reminder.left.n" .DaysLeft (date .ExpiresAt .Zone))}}{{end}}
{{- template "parts" .}}
{{- template "p" (t "reminder.resume")}}
{{- template "button" (link .Link (t "open"))}}
{{- template "p" (t "personal")}}
{{- template "p" (t "access")}}
{{- template "p" (t "decides" .OrgName)}}
{{- template "p" (t "sign" .OrgName)}}
{{- template "note" (t "reminder.why" .OrgName)}}
{{- end}}{{template "bottom" $}}{{end}}

{{- define "feedback.subject"}}{{t "feedback.subject" .OrgName}}{{end}}
{{- define "feedback"}}{{template "top" $}}{{with .D}}
{{- template "hello" .CandidateName}}
{{- template "p" (t "feedback.intro" .OrgName .AssessmentName)}}
{{- template "p" (t "feedback.what")}}
{{- template "button" (link .Link (t "feedback.open"))}}
{{- if not .Until.IsZero}}{{template "p" (t "feedback.until" (date .Until .Zone))}}{{end}}
{{- template "p" (t "decides" .OrgName)}}
{{- template "p" (t "sign" .OrgName)}}
{{- template "note" (t "feedback.why" .OrgName)}}
{{- end}}{{template "bottom" $}}{{end}}

{{- define "completion.subject"}}{{t "completion.subject" .CandidateName .AssessmentName}}{{end}}
{{- define "completion"}}{{template "top" $}}{{with .D}}
{{- template "hello" .RecipientName}}
{{- template "p" (t "completion.intro" .CandidateName .AssessmentName (date .CompletedAt .Zone))}}
{{- template "p" (t "completion.scoring")}}
{{- template "button" (link .ConsoleLink (t "completion.open"))}}
{{- template "p" (t "completion.inform")}}
{{- template "note" (t "completion.why" .OrgName)}}
{{- end}}{{template "bottom" $}}{{end}}

{{- define "digest.subject"}}
{{- if eq (len .Candidates) 1}}{{t "digest.subject.one" .AssessmentName}}
{{- else}}{{t "digest.subject.other" (len .Candidates) .AssessmentName}}{{end}}
{{- end}}
{{- define "digest"}}{{template "top" $}}{{with .D}}
{{- template "hello" .RecipientName}}
{{- if eq (len .Candidates) 1}}{{template "p" (t "digest.intro.one" (date .Since .Zone) .AssessmentName)}}
{{- else}}{{template "p" (t "digest.intro.other" (date .Since .Zone) (len .Candidates) .AssessmentName)}}{{end}}
{{- template "ul"}}
{{- range .Listed}}
{{- if .Link}}{{template "li.link" (link .Link (t "digest.entry" .Name (date .CompletedAt $.D.Zone)))}}
{{- else}}{{template "li" (t "digest.entry" .Name (date .CompletedAt $.D.Zone))}}{{end}}
{{- end}}
{{- template "/ul"}}
{{- if .More}}{{template "p" (t "digest.more" .More)}}{{end}}
{{- template "p" (t "completion.scoring")}}
{{- template "button" (link .ConsoleLink (t "digest.open"))}}
{{- template "p" (t "completion.inform")}}
{{- template "note" (t "digest.why" .OrgName)}}
{{- end}}{{template "bottom" $}}{{end}}
`

// textLayout renders the blocks as plain text: paragraphs apart by a blank line, links
// on their own line (mail clients make them clickable), and the small print after the
// conventional signature separator.
const textLayout = `{{define "top"}}{{end}}{{define "bottom"}}{{end}}` +
	"{{define \"p\"}}{{.}}\n\n{{end}}" +
	"{{define \"button\"}}{{.Label}}:\n{{.URL}}\n\n{{end}}" +
	`{{define "ul"}}{{end}}` +
	"{{define \"li\"}}  - {{.}}\n{{end}}" +
	"{{define \"li.link\"}}  - {{.Label}}\n    {{.URL}}\n{{end}}" +
	"{{define \"/ul\"}}\n{{end}}" +
	"{{define \"note\"}}-- \n{{.}}\n{{end}}"

// htmlLayout renders the blocks as simple, inline-styled HTML that mail clients show
// well (no external CSS, no images), with the link spelled out under each button.
const htmlLayout = `{{define "top"}}<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Subject}}</title>
</head>
<body style="margin:0;padding:0;background:#f4f4f5;">
<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;color:#18181b;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;">
{{end}}
{{- define "bottom"}}</div>
</body>
</html>
{{end}}
{{- define "p"}}<p style="margin:0 0 16px;">{{.}}</p>
{{end}}
{{- define "button"}}<p style="margin:24px 0;"><a href="{{.URL}}" style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600;">{{.Label}}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#52525b;">{{t "fallback"}}<br><a href="{{.URL}}" style="color:#52525b;word-break:break-all;">{{.URL}}</a></p>
{{end}}
{{- define "ul"}}<ul style="margin:0 0 16px;padding-left:24px;">
{{end}}
{{- define "li"}}<li>{{.}}</li>
{{end}}
{{- define "li.link"}}<li><a href="{{.URL}}" style="color:#1d4ed8;">{{.Label}}</a></li>
{{end}}
{{- define "/ul"}}</ul>
{{end}}
{{- define "note"}}<hr style="border:none;border-top:1px solid #e4e4e7;margin:24px 0 16px;">
<p style="margin:0;font-size:13px;color:#52525b;">{{.}}</p>
{{end}}`

// Link is a labelled URL, the data of the "button" and "li.link" blocks.
type Link struct {
	URL   string
	Label string
}

// page is what a message body runs on: the layout's values and the message's data.
type page struct {
	Lang    Lang
	Subject string
	D       any
}

type templateSet struct {
	text *ttemplate.Template
	html *htemplate.Template
}

// templates holds both parsed sets per language; a parse error is a bug in this
// package, so it panics at start (every test would show it).
var templates = func() map[Lang]templateSet {
	sets := map[Lang]templateSet{}
	for _, lang := range Langs {
		funcs := funcsFor(lang)
		txt := ttemplate.Must(ttemplate.New("text").Option("missingkey=error").Funcs(funcs).Parse(textLayout))
		ttemplate.Must(txt.Parse(definitions))
		htm := htemplate.Must(htemplate.New("html").Option("missingkey=error").Funcs(funcs).Parse(htmlLayout))
		htemplate.Must(htm.Parse(definitions))
		sets[lang] = templateSet{text: txt, html: htm}
	}
	return sets
}()

// funcsFor binds the template functions to one language's string table.
func funcsFor(lang Lang) map[string]any {
	table := stringTables[lang]
	t := func(key string, args ...any) (string, error) {
		format, ok := table[key]
		if !ok {
			return "", fmt.Errorf("notify: no %q string in %q", key, lang)
		}
		s := fmt.Sprintf(format, args...)
		if strings.Contains(s, "%!") {
			return "", fmt.Errorf("notify: string %q in %q: wrong arguments: %s", key, lang, s)
		}
		return s, nil
	}
	return map[string]any{
		"t": t,
		"link": func(url, label string) Link {
			return Link{URL: url, Label: label}
		},
		"date": func(at time.Time, zone *time.Location) (string, error) {
			if zone == nil {
				zone = time.UTC
			}
			at = at.In(zone)
			month, err := t(fmt.Sprintf("month.%d", int(at.Month())))
			if err != nil {
				return "", err
			}
			abbr := at.Format("MST")
			if strings.HasPrefix(abbr, "+") || strings.HasPrefix(abbr, "-") {
				abbr = "UTC" + abbr // zones without a name print as an offset
			}
			return t("date", at.Day(), month, at.Year(), at.Format("15:04"), abbr)
		},
	}
}

// render runs one message kind in one language: the subject with the text set, then the
// body with both. It adds the tags and the idempotency key the caller computed.
func render(lang Lang, kind, to string, data any, tags map[string]string, key string) (Message, error) {
	set, ok := templates[lang]
	if !ok {
		return Message{}, invalid("unknown language %q (want es or en)", lang)
	}
	var subject, text, html bytes.Buffer
	if err := set.text.ExecuteTemplate(&subject, kind+".subject", data); err != nil {
		return Message{}, fmt.Errorf("notify: %s subject: %w", kind, err)
	}
	p := page{Lang: lang, Subject: oneLine(subject.String()), D: data}
	if err := set.text.ExecuteTemplate(&text, kind, p); err != nil {
		return Message{}, fmt.Errorf("notify: %s text: %w", kind, err)
	}
	if err := set.html.ExecuteTemplate(&html, kind, p); err != nil {
		return Message{}, fmt.Errorf("notify: %s html: %w", kind, err)
	}
	m := Message{
		To:             to,
		Subject:        p.Subject,
		Text:           strings.TrimSpace(text.String()) + "\n",
		HTML:           html.String(),
		Tags:           map[string]string{"kind": kind},
		IdempotencyKey: key,
	}
	for k, v := range tags {
		if v != "" {
			m.Tags[k] = v
		}
	}
	return m, m.Validate()
}
