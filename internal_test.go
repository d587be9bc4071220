package clerk

import (
	"errors"
	"testing"
)

func TestRequireID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id      string
		wantErr bool
	}{
		{"", true},
		{".", true},
		{"..", true},
		{"...", true},
		{"user_123", false},
		{"a.b", false},
		{"../x", false}, // escaped by the generated client: one segment
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			err := requireID("userID", tt.id)
			if got := err != nil; got != tt.wantErr {
				t.Fatalf("requireID(%q) = %v, want error %v", tt.id, err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrInvalidParams) {
				t.Errorf("requireID(%q) error does not wrap ErrInvalidParams", tt.id)
			}
		})
	}
}
