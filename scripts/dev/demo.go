package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/assess"
	"shortlist/shared/store"
)

// demo is what the dev server prints at start: an HR key and one candidate link.
type demo struct {
	key   string
	link  string
	orgID string
}

// demoFile keeps the demo's secrets in the (git-ignored, private) data directory, since
// only their hashes are in the store and a restart should print the same key and link.
type demoFile struct {
	Key  string `json:"key"`
	Link string `json:"link"`
}

// seedDemo creates, on first start, a demo organisation with an API key, an assessment
// for the Sales Back Office role and one invited sample candidate. Later starts find the
// key and reuse it. fixedKey (SHORTLIST_DEMO_KEY) replaces the generated key.
func seedDemo(ctx context.Context, deps api.Deps, repo *store.Repository, dataDir, fixedKey, base string) (demo, error) {
	path := filepath.Join(dataDir, "demo.json")
	var saved demoFile
	if b, err := os.ReadFile(path); err == nil {
		_ = json.Unmarshal(b, &saved) // a damaged file only means a new demo is made
	}
	key := fixedKey
	if key == "" {
		key = saved.Key
	}
	if key != "" {
		k, err := repo.APIKeyByHash(ctx, assess.HashToken(key))
		if err == nil {
			link := saved.Link
			if link == "" || saved.Key != key {
				link = "(printed when this demo was first created)"
			}
			return demo{key: key, link: link, orgID: k.OrgID}, nil
		}
		if assess.CodeOf(err) != assess.NotFound {
			return demo{}, err
		}
	}
	now := time.Now()
	org, err := assess.NewOrganisation("Demo hiring team", now)
	if err != nil {
		return demo{}, err
	}
	k, secret, err := assess.NewAPIKey(org.ID, "demo", key, now)
	if err != nil {
		return demo{}, errors.New("SHORTLIST_DEMO_KEY: " + err.Error())
	}
	if err := repo.CreateOrganisation(ctx, org); err != nil {
		return demo{}, err
	}
	if err := repo.CreateAPIKey(ctx, k); err != nil {
		return demo{}, err
	}
	a, err := deps.Journey.CreateAssessment(ctx, org.ID, assess.Spec{RoleID: "sales-back-office", Name: "Demo: Sales Back Office"})
	if err != nil {
		return demo{}, err
	}
	inv, err := deps.Journey.Invite(ctx, org.ID, a.ID, []assess.InviteInput{{Name: "Sample Candidate"}})
	if err != nil {
		return demo{}, err
	}
	d := demo{key: secret, link: base + "/take/#" + inv[0].Token, orgID: org.ID}
	b, _ := json.Marshal(demoFile{Key: d.key, Link: d.link})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return demo{}, err
	}
	return d, nil
}

// demoPassword is the demo people's password: SHORTLIST_DEMO_PASSWORD, or one made at
// first start and kept in the data directory.
func demoPassword(dataDir, fixed string) (string, error) {
	if fixed != "" {
		return fixed, nil
	}
	path := filepath.Join(dataDir, "demo-password")
	if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
		return string(b), nil
	}
	pw := assess.TemporaryPassword()
	return pw, os.WriteFile(path, []byte(pw), 0o600)
}
