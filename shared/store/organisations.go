package store

import (
	"context"
	"sort"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// CreateOrganisation stores a new organisation; Conflict if the id exists.
func (r *Repository) CreateOrganisation(ctx context.Context, o assess.Organisation) error {
	if !okID(o.ID) {
		return badID("organisation", o.ID)
	}
	it, err := toOrgItem(o)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Absent())
}

// Organisation implements assess.Repo.
func (r *Repository) Organisation(ctx context.Context, id string) (assess.Organisation, error) {
	if !okID(id) {
		return assess.Organisation{}, notFound()
	}
	it, err := r.t.Get(ctx, orgKey(id))
	if err != nil {
		return assess.Organisation{}, err
	}
	return fromOrgItem(it)
}

// CreateAPIKey stores a new key (its hash); Conflict if the hash exists.
func (r *Repository) CreateAPIKey(ctx context.Context, k assess.APIKey) error {
	if !okID(k.ID) || !okID(k.OrgID) || !okID(k.Hash) {
		return badID("API key", k.ID)
	}
	it, err := toAPIKeyItem(k)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Absent())
}

// APIKeyByHash implements assess.Repo: one strongly consistent read per HR request. A
// revoked key is returned with RevokedAt set; the journey refuses it.
func (r *Repository) APIKeyByHash(ctx context.Context, hash string) (assess.APIKey, error) {
	if !okID(hash) {
		return assess.APIKey{}, notFound()
	}
	it, err := r.t.Get(ctx, apiKeyKey(hash))
	if err != nil {
		return assess.APIKey{}, err
	}
	return fromAPIKeyItem(it)
}

// APIKeys lists an organisation's keys, revoked ones included, oldest first.
func (r *Repository) APIKeys(ctx context.Context, orgID string) ([]assess.APIKey, error) {
	if !okID(orgID) {
		return nil, nil
	}
	items, err := r.indexed(ctx, orgParent(orgID), "KEY#", nil)
	if err != nil {
		return nil, err
	}
	out, err := decodeAll(items, fromAPIKeyItem, func(k assess.APIKey) bool { return k.OrgID == orgID })
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return before(out[i].CreatedAt, out[j].CreatedAt, out[i].ID, out[j].ID) })
	return out, nil
}

// RevokeAPIKey revokes a key of orgID; revoking twice keeps the first time. NotFound if
// the organisation has no such key.
func (r *Repository) RevokeAPIKey(ctx context.Context, orgID, keyID string, at time.Time) error {
	if !okID(orgID) || !okID(keyID) {
		return notFound()
	}
	refs, err := r.queryAll(ctx, Query{Index: table.GSI1, PK: orgParent(orgID), SKPrefix: "KEY#" + keyID})
	if err != nil {
		return err
	}
	for _, ref := range refs {
		if ref.Str(table.GSI1SK) != "KEY#"+keyID {
			continue
		}
		_, err := r.t.Update(ctx, ref.Key(table.PK, table.SK), Update{Set: Item{attrRevoked: nanos(at)}},
			And(Eq(attrOrg, orgID), AttrAbsent(attrRevoked)))
		if isCode(err, assess.Conflict) {
			return nil // already revoked (the condition on org cannot fail: the index said so)
		}
		return err
	}
	return notFound()
}

func before(a, b time.Time, ida, idb string) bool {
	if !a.Equal(b) {
		return a.Before(b)
	}
	return ida < idb
}
