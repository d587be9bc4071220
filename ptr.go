package clerk

// Ptr returns a pointer to v. It fills the optional (pointer) fields of
// params, where nil means "leave unset":
//
//	params := clerk.UserUpdateParams{FirstName: clerk.Ptr("Ada")}
func Ptr[T any](v T) *T { return &v }
