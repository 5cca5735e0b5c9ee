package storetest

import (
	"reflect"
	"testing"
	"time"

	"shortlist/shared/assess"
)

// testMembers: a person belongs to one organisation; another organisation can neither
// read, change nor remove them; the list is the organisation's own, oldest first.
func testMembers(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, _ := f.org()
	o2, _ := f.org()
	owner := assess.Member{UserID: f.id(), OrgID: o.ID, Email: "ana@example.com", Role: assess.RoleOwner,
		Status: assess.MemberActive, CreatedAt: Start, InvitedBy: assess.SystemActor}
	f.must(f.repo.CreateMember(ctx, owner))
	viewer := assess.Member{UserID: f.id(), OrgID: o.ID, Email: "luis@example.com", Role: assess.RoleViewer,
		Status: assess.MemberInvited, CreatedAt: Start.Add(time.Second), InvitedBy: assess.UserActor(owner)}
	f.must(f.repo.CreateMember(ctx, viewer))
	f.must(f.repo.CreateMember(ctx, assess.Member{UserID: f.id(), OrgID: o2.ID, Email: "x@example.com", Role: assess.RoleOwner, Status: assess.MemberActive, CreatedAt: Start}))

	WantCode(t, f.repo.CreateMember(ctx, assess.Member{UserID: viewer.UserID, OrgID: o2.ID, Email: "luis@example.com", Role: assess.RoleOwner}), assess.Conflict)
	got, err := f.repo.Member(ctx, viewer.UserID)
	f.must(err)
	if !reflect.DeepEqual(got, viewer) {
		t.Fatalf("member: %+v, want %+v", got, viewer)
	}
	list, err := f.repo.Members(ctx, o.ID)
	f.must(err)
	if len(list) != 2 || list[0].UserID != owner.UserID || list[1].UserID != viewer.UserID {
		t.Fatalf("members: %+v", list)
	}

	moved := viewer
	moved.OrgID = o2.ID
	WantCode(t, f.repo.PutMember(ctx, moved), assess.NotFound)
	viewer.Role, viewer.Status = assess.RoleRecruiter, assess.MemberActive
	f.must(f.repo.PutMember(ctx, viewer))
	if got, _ := f.repo.Member(ctx, viewer.UserID); got.Role != assess.RoleRecruiter || got.Status != assess.MemberActive {
		t.Fatalf("after the change: %+v", got)
	}
	WantCode(t, f.repo.DeleteMember(ctx, o2.ID, viewer.UserID), assess.NotFound)
	f.must(f.repo.DeleteMember(ctx, o.ID, viewer.UserID))
	_, err = f.repo.Member(ctx, viewer.UserID)
	WantCode(t, err, assess.NotFound)
	WantCode(t, f.repo.PutMember(ctx, viewer), assess.NotFound)
}
