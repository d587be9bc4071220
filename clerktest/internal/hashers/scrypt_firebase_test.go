package hashers

import (
	"errors"
	"testing"
)

// TestScryptFirebase checks the example of Firebase's scrypt repository:
// its published project parameters (signer key, salt separator "Bw==",
// 8 rounds, memory cost 14), salt and password, and the hash it documents.
func TestScryptFirebase(t *testing.T) {
	const (
		hash   = "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ=="
		salt   = "42xEC+ixf3L2lw=="
		signer = "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA=="
	)
	digest := hash + "$" + salt + "$" + signer + "$Bw==$8$14"
	for pw, want := range map[string]bool{"user1password": true, "user2password": false, "": false} {
		if ok, err := ScryptFirebase(digest, pw); ok != want || err != nil {
			t.Errorf("ScryptFirebase(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	for _, bad := range []string{"", hash + "$" + salt + "$" + signer + "$Bw==$8",
		"!!$" + salt + "$" + signer + "$Bw==$8$14", hash + "$" + salt + "$" + signer + "$Bw==$x$14",
		hash + "$" + salt + "$" + signer + "$Bw==$8$0", hash + "$" + salt + "$" + signer + "$Bw==$8$31",
		hash + "$" + salt + "$" + signer + "$Bw==$0$14", hash + "$" + salt + "$$Bw==$8$14",
		hash + "$" + salt + "$" + signer + "$Bw==$1024$20"} {
		if ok, err := ScryptFirebase(bad, "user1password"); ok || !errors.Is(err, ErrFormat) {
			t.Errorf("ScryptFirebase(%.40q…) = %v, %v; want ErrFormat", bad, ok, err)
		}
	}
}
