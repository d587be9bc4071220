package clerktest

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// Custom organization roles (/organization_roles) and permissions
// (/organization_permissions). Until the API first touches them, the
// instance has Clerk's defaults: the roles org:admin and org:member with
// the system permissions of rolePermissions. A role's permissions are
// those of its members (Membership.Permissions), and a session token of a
// member carries them in `o.per`/`fea` (see tokenOrg in tokens.go).

type roleRec struct {
	seq   int64
	r     gen.Role // Permissions are filled on output from perms
	perms []string // permission keys
}

type permRec struct {
	seq int64
	p   gen.Permission
}

// seedRoles turns the default roles and their system permissions into
// records, the first time the API looks at roles or permissions.
func (db *store) seedRoles(now int64) {
	if db.more.roles != nil {
		return
	}
	db.more.roles = map[string]*roleRec{}
	db.more.perms = map[string]*permRec{}
	for _, key := range []string{roleAdmin, roleMember} {
		for _, p := range rolePermissions[key] {
			if db.permByKey(p) == nil {
				id := newID("perm")
				name := strings.ReplaceAll(strings.TrimPrefix(p, "org:sys_"), ":", " ")
				db.more.perms[id] = &permRec{seq: db.next(), p: gen.Permission{ID: id, Object: "permission", Key: p,
					Name: name, Type: "system", CreatedAt: now, UpdatedAt: now}}
			}
		}
		id := newID("role")
		db.more.roles[id] = &roleRec{seq: db.next(), perms: slices.Clone(rolePermissions[key]), r: gen.Role{ID: id, Object: "role",
			Key: key, Name: roleNames[key], IsCreatorEligible: key == roleAdmin, CreatedAt: now, UpdatedAt: now}}
	}
}

func (db *store) roleByKey(key string) *roleRec {
	for _, r := range db.more.roles {
		if r.r.Key == key {
			return r
		}
	}
	return nil
}

// permKeys maps the permission IDs of a role's create or update body to
// their keys, in order and without repeats; an unknown ID is
// form_param_value_invalid.
func (db *store) permKeys(ids []string) ([]string, *apiError) {
	keys := []string{}
	for _, id := range ids {
		p := db.more.perms[id]
		if p == nil {
			return nil, errParamValue("permissions", "permission "+id+" does not exist")
		}
		if !slices.Contains(keys, p.p.Key) {
			keys = append(keys, p.p.Key)
		}
	}
	return keys, nil
}

func (db *store) permByKey(key string) *permRec {
	for _, p := range db.more.perms {
		if p.p.Key == key {
			return p
		}
	}
	return nil
}

// checkRole refuses a role key the instance does not have.
func (db *store) checkRole(key string) *apiError {
	if _, _, ok := db.roleDef(key); !ok {
		return newAPIError(http.StatusUnprocessableEntity, "form_param_value_invalid", "is invalid",
			"role "+key+" does not exist.", paramMeta("role"))
	}
	return nil
}

// roleDef returns the name and permission keys of a role.
func (db *store) roleDef(key string) (name string, perms []string, ok bool) {
	if db.more.roles == nil {
		if p, ok := rolePermissions[key]; ok {
			return roleNames[key], slices.Clone(p), true
		}
		return "", nil, false
	}
	r := db.roleByKey(key)
	if r == nil {
		return "", nil, false
	}
	return r.r.Name, slices.Clone(r.perms), true
}

// roleName is the name of a role, "" for an unknown one.
func (db *store) roleName(key string) string {
	name, _, _ := db.roleDef(key)
	return name
}

// refreshMembers copies a role's name and permissions to its members.
func (db *store) refreshMembers(oldKey string, r *roleRec) {
	for _, m := range db.memberships {
		if m.m.Role == oldKey {
			m.m.Role, m.m.RoleName, m.m.Permissions = r.r.Key, ptr(r.r.Name), slices.Clone(r.perms)
		}
	}
}

func (db *store) roleOut(r *roleRec) gen.Role {
	out := r.r
	out.Permissions = []gen.Permission{}
	for _, k := range r.perms {
		if p := db.permByKey(k); p != nil {
			out.Permissions = append(out.Permissions, p.p)
		}
	}
	return out
}

// checkKey checks a role ("org:<name>") or permission
// ("org:<feature>:<name>") key.
func checkKey(param, key string, parts int) *apiError {
	f := strings.Split(key, ":")
	if len(f) != parts || f[0] != "org" || slices.Contains(f[1:], "") || strings.HasPrefix(f[1], "sys_") {
		want := "org:<name>"
		if parts == 3 {
			want = "org:<feature>:<permission>"
		}
		return errParamFormat(param, "must be "+want+" and not a system key")
	}
	return nil
}

func (db *store) role(id string) (*roleRec, *apiError) {
	r := db.more.roles[id]
	if r == nil {
		return nil, errNotFound("role " + id)
	}
	return r, nil
}

func (db *store) perm(id string) (*permRec, *apiError) {
	p := db.more.perms[id]
	if p == nil {
		return nil, errNotFound("permission " + id)
	}
	return p, nil
}

// sortedMatching returns the records whose key or name contains query,
// ordered by order_by (created_at, name or key, with "+" or "-"; default
// -created_at), ties by creation.
func sortedMatching[R any](all map[string]R, query, orderBy *string, fields func(R) (key, name string, created, seq int64)) ([]R, *apiError) {
	field, desc := "created_at", true
	if orderBy != nil && *orderBy != "" {
		o := *orderBy
		desc = strings.HasPrefix(o, "-")
		field = strings.TrimLeft(o, "+-")
		if field != "created_at" && field != "name" && field != "key" {
			return nil, errParamValue("order_by", "must be created_at, name or key, with an optional + or - prefix")
		}
	}
	var out []R
	for _, r := range all {
		k, n, _, _ := fields(r)
		if query == nil || *query == "" || strings.Contains(strings.ToLower(k+" "+n), strings.ToLower(*query)) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b R) int {
		ka, na, ca, sa := fields(a)
		kb, nb, cb, sb := fields(b)
		var c int
		switch field {
		case "name":
			c = cmp.Compare(na, nb)
		case "key":
			c = cmp.Compare(ka, kb)
		default:
			c = cmp.Compare(ca, cb)
		}
		if desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(sa, sb))
	})
	return out, nil
}

func roleFields(r *roleRec) (string, string, int64, int64) {
	return r.r.Key, r.r.Name, r.r.CreatedAt, r.seq
}
func permFields(p *permRec) (string, string, int64, int64) {
	return p.p.Key, p.p.Name, p.p.CreatedAt, p.seq
}

// lockRoles locks the store with the default roles seeded; call the
// returned function to unlock.
func (s *Server) lockRoles() func() {
	s.mu.Lock()
	s.db.seedRoles(ms(s.now()))
	return s.mu.Unlock
}

// ListOrganizationRoles lists the instance's roles, default ones included.
func (a *api) ListOrganizationRoles(_ context.Context, req bapiserver.ListOrganizationRolesRequestObject) (bapiserver.ListOrganizationRolesResponseObject, error) {
	defer a.s.lockRoles()()
	db := &a.s.db
	rs, e := sortedMatching(db.more.roles, req.Params.Query, req.Params.OrderBy, roleFields)
	if e != nil {
		return nil, e
	}
	data, err := pageOut(rs, req.Params.Limit, req.Params.Offset, func(r *roleRec) (gen.Role, error) { return clone(db.roleOut(r)) })
	if err != nil {
		return nil, err
	}
	return bapiserver.ListOrganizationRoles200JSONResponse{Data: data, TotalCount: int64(len(rs))}, nil
}

// CreateOrganizationRole creates a role with a unique key "org:<name>"
// and the permissions whose IDs it names, which must exist.
func (a *api) CreateOrganizationRole(_ context.Context, req bapiserver.CreateOrganizationRoleRequestObject) (bapiserver.CreateOrganizationRoleResponseObject, error) {
	b := req.Body
	if b.Name == "" {
		return nil, errParamMissing("name")
	}
	if e := checkKey("key", b.Key, 2); e != nil {
		return nil, e
	}
	defer a.s.lockRoles()()
	db := &a.s.db
	if db.roleByKey(b.Key) != nil {
		return nil, errIdentifierExists("key", "role key")
	}
	keys, e := db.permKeys(b.Permissions)
	if e != nil {
		return nil, e
	}
	now := ms(a.s.now())
	r := &roleRec{seq: db.next(), perms: keys, r: gen.Role{ID: newID("role"), Object: "role",
		Key: b.Key, Name: b.Name, Description: b.Description, CreatedAt: now, UpdatedAt: now}}
	if r.perms == nil {
		r.perms = []string{}
	}
	db.more.roles[r.r.ID] = r
	out, err := clone(db.roleOut(r))
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateOrganizationRole200JSONResponse(out), nil
}

// GetOrganizationRole returns one role by ID.
func (a *api) GetOrganizationRole(_ context.Context, req bapiserver.GetOrganizationRoleRequestObject) (bapiserver.GetOrganizationRoleResponseObject, error) {
	defer a.s.lockRoles()()
	r, e := a.s.db.role(req.OrganizationRoleID)
	if e != nil {
		return nil, e
	}
	out, err := clone(a.s.db.roleOut(r))
	if err != nil {
		return nil, err
	}
	return bapiserver.GetOrganizationRole200JSONResponse(out), nil
}

// UpdateOrganizationRole changes the given fields; permissions replaces
// the role's permissions. Members follow the change.
func (a *api) UpdateOrganizationRole(_ context.Context, req bapiserver.UpdateOrganizationRoleRequestObject) (bapiserver.UpdateOrganizationRoleResponseObject, error) {
	defer a.s.lockRoles()()
	db := &a.s.db
	r, e := db.role(req.OrganizationRoleID)
	if e != nil {
		return nil, e
	}
	next := *r
	if b := req.Body; b != nil {
		if key, ok := given(b.Key); ok && key != r.r.Key {
			if e := checkKey("key", key, 2); e != nil {
				return nil, e
			}
			if r.r.Key == roleAdmin || r.r.Key == roleMember {
				return nil, errParamValue("key", "the key of a default role cannot change")
			}
			if db.roleByKey(key) != nil {
				return nil, errIdentifierExists("key", "role key")
			}
			next.r.Key = key
		}
		if name, ok := given(b.Name); ok && name != "" {
			next.r.Name = name
		}
		if b.Description.IsSpecified() {
			next.r.Description = value(b.Description)
		}
		if perms, ok := given(b.Permissions); ok {
			keys, e := db.permKeys(perms)
			if e != nil {
				return nil, e
			}
			next.perms = keys
		}
	}
	next.r.UpdatedAt = ms(a.s.now())
	oldKey := r.r.Key
	*r = next
	db.refreshMembers(oldKey, r)
	out, err := clone(db.roleOut(r))
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdateOrganizationRole200JSONResponse(out), nil
}

// DeleteOrganizationRole deletes a role that no member or pending
// invitation has; the default roles cannot be deleted.
func (a *api) DeleteOrganizationRole(_ context.Context, req bapiserver.DeleteOrganizationRoleRequestObject) (bapiserver.DeleteOrganizationRoleResponseObject, error) {
	defer a.s.lockRoles()()
	db := &a.s.db
	r, e := db.role(req.OrganizationRoleID)
	if e != nil {
		return nil, e
	}
	inUse := r.r.Key == roleAdmin || r.r.Key == roleMember
	for _, m := range db.memberships {
		inUse = inUse || m.m.Role == r.r.Key
	}
	if inUse {
		return nil, newAPIError(http.StatusBadRequest, "role_in_use", "role in use",
			"The role "+r.r.Key+" is a default role or has members, so it cannot be deleted.", nil)
	}
	delete(db.more.roles, r.r.ID)
	return bapiserver.DeleteOrganizationRole200JSONResponse{Object: "role", ID: ptr(r.r.ID), Deleted: true}, nil
}

// assignPermission adds (or removes) a permission of a role.
func (a *api) assignPermission(roleID, permID string, add bool) (gen.Role, error) {
	defer a.s.lockRoles()()
	db := &a.s.db
	r, e := db.role(roleID)
	if e != nil {
		return gen.Role{}, e
	}
	p, e := db.perm(permID)
	if e != nil {
		return gen.Role{}, e
	}
	has := slices.Contains(r.perms, p.p.Key)
	switch {
	case add && has:
		return gen.Role{}, newAPIError(http.StatusBadRequest, "permission_already_assigned", "already assigned",
			"The role already has the permission "+p.p.Key+".", nil)
	case !add && !has:
		return gen.Role{}, newAPIError(http.StatusBadRequest, "permission_not_assigned", "not assigned",
			"The role does not have the permission "+p.p.Key+".", nil)
	case add:
		r.perms = append(r.perms, p.p.Key)
	default:
		r.perms = slices.DeleteFunc(r.perms, func(k string) bool { return k == p.p.Key })
	}
	r.r.UpdatedAt = ms(a.s.now())
	db.refreshMembers(r.r.Key, r)
	return clone(db.roleOut(r))
}

// AssignPermissionToOrganizationRole adds a permission to a role.
func (a *api) AssignPermissionToOrganizationRole(_ context.Context, req bapiserver.AssignPermissionToOrganizationRoleRequestObject) (bapiserver.AssignPermissionToOrganizationRoleResponseObject, error) {
	out, err := a.assignPermission(req.OrganizationRoleID, req.PermissionID, true)
	if err != nil {
		return nil, err
	}
	return bapiserver.AssignPermissionToOrganizationRole200JSONResponse(out), nil
}

// RemovePermissionFromOrganizationRole removes a permission from a role.
func (a *api) RemovePermissionFromOrganizationRole(_ context.Context, req bapiserver.RemovePermissionFromOrganizationRoleRequestObject) (bapiserver.RemovePermissionFromOrganizationRoleResponseObject, error) {
	out, err := a.assignPermission(req.OrganizationRoleID, req.PermissionID, false)
	if err != nil {
		return nil, err
	}
	return bapiserver.RemovePermissionFromOrganizationRole200JSONResponse(out), nil
}

// ListOrganizationPermissions lists the instance's permissions, system ones
// included.
func (a *api) ListOrganizationPermissions(_ context.Context, req bapiserver.ListOrganizationPermissionsRequestObject) (bapiserver.ListOrganizationPermissionsResponseObject, error) {
	defer a.s.lockRoles()()
	ps, e := sortedMatching(a.s.db.more.perms, req.Params.Query, req.Params.OrderBy, permFields)
	if e != nil {
		return nil, e
	}
	data, err := pageOut(ps, req.Params.Limit, req.Params.Offset, func(p *permRec) (gen.Permission, error) { return p.p, nil })
	if err != nil {
		return nil, err
	}
	return bapiserver.ListOrganizationPermissions200JSONResponse{Data: data, TotalCount: int64(len(ps))}, nil
}

// CreateOrganizationPermission creates a custom permission with a unique
// key "org:<feature>:<permission>".
func (a *api) CreateOrganizationPermission(_ context.Context, req bapiserver.CreateOrganizationPermissionRequestObject) (bapiserver.CreateOrganizationPermissionResponseObject, error) {
	b := req.Body
	if b.Name == "" {
		return nil, errParamMissing("name")
	}
	if e := checkKey("key", b.Key, 3); e != nil {
		return nil, e
	}
	defer a.s.lockRoles()()
	db := &a.s.db
	if db.permByKey(b.Key) != nil {
		return nil, errIdentifierExists("key", "permission key")
	}
	now := ms(a.s.now())
	p := gen.Permission{ID: newID("perm"), Object: "permission", Key: b.Key, Name: b.Name, Type: "user",
		Description: strOr(b.Description), CreatedAt: now, UpdatedAt: now}
	db.more.perms[p.ID] = &permRec{seq: db.next(), p: p}
	return bapiserver.CreateOrganizationPermission200JSONResponse(p), nil
}

// GetOrganizationPermission returns one permission by ID.
func (a *api) GetOrganizationPermission(_ context.Context, req bapiserver.GetOrganizationPermissionRequestObject) (bapiserver.GetOrganizationPermissionResponseObject, error) {
	defer a.s.lockRoles()()
	p, e := a.s.db.perm(req.PermissionID)
	if e != nil {
		return nil, e
	}
	return bapiserver.GetOrganizationPermission200JSONResponse(p.p), nil
}

func errSystemPermission() *apiError {
	return newAPIError(http.StatusBadRequest, "system_permission_immutable", "system permission",
		"System permissions cannot be changed or deleted.", nil)
}

// UpdateOrganizationPermission changes a custom permission; roles and
// members follow a new key.
func (a *api) UpdateOrganizationPermission(_ context.Context, req bapiserver.UpdateOrganizationPermissionRequestObject) (bapiserver.UpdateOrganizationPermissionResponseObject, error) {
	defer a.s.lockRoles()()
	db := &a.s.db
	p, e := db.perm(req.PermissionID)
	if e != nil {
		return nil, e
	}
	if p.p.Type == "system" {
		return nil, errSystemPermission()
	}
	oldKey := p.p.Key
	if b := req.Body; b != nil {
		if b.Key != nil && *b.Key != oldKey {
			if e := checkKey("key", *b.Key, 3); e != nil {
				return nil, e
			}
			if db.permByKey(*b.Key) != nil {
				return nil, errIdentifierExists("key", "permission key")
			}
			p.p.Key = *b.Key
		}
		if b.Name != nil && *b.Name != "" {
			p.p.Name = *b.Name
		}
		if b.Description != nil {
			p.p.Description = *b.Description
		}
	}
	p.p.UpdatedAt = ms(a.s.now())
	db.renamePermission(oldKey, p.p.Key)
	return bapiserver.UpdateOrganizationPermission200JSONResponse(p.p), nil
}

// renamePermission replaces (or, with to "", removes) a permission key in
// every role and membership.
func (db *store) renamePermission(from, to string) {
	if from == to {
		return
	}
	for _, r := range db.more.roles {
		if i := slices.Index(r.perms, from); i >= 0 {
			if to == "" {
				r.perms = slices.Delete(r.perms, i, i+1)
			} else {
				r.perms[i] = to
			}
			db.refreshMembers(r.r.Key, r)
		}
	}
}

// DeleteOrganizationPermission deletes a custom permission and removes it
// from every role.
func (a *api) DeleteOrganizationPermission(_ context.Context, req bapiserver.DeleteOrganizationPermissionRequestObject) (bapiserver.DeleteOrganizationPermissionResponseObject, error) {
	defer a.s.lockRoles()()
	db := &a.s.db
	p, e := db.perm(req.PermissionID)
	if e != nil {
		return nil, e
	}
	if p.p.Type == "system" {
		return nil, errSystemPermission()
	}
	delete(db.more.perms, p.p.ID)
	db.renamePermission(p.p.Key, "")
	return bapiserver.DeleteOrganizationPermission200JSONResponse{Object: "permission", ID: ptr(p.p.ID), Deleted: true}, nil
}
