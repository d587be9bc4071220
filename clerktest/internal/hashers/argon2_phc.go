package hashers

import (
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Limits on the cost of an Argon2 digest, so that a hostile digest cannot
// make a check allocate or run without bound: 256 MiB of memory, 16
// passes and 64 lanes are far above common settings (the RFC 9106
// recommendations and the defaults of PHP, argon2-cffi and Passlib).
const (
	argon2MaxMemory = 256 << 10 // KiB
	argon2MaxPasses = 16
	argon2MaxLanes  = 64
)

// Argon2i checks password against a PHC-format Argon2i digest,
// "$argon2i$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>" with salt and
// hash in unpadded standard base64; without "v=" the version is 0x10.
func Argon2i(digest, password string) (bool, error) {
	return argon2Check(digest, password, "argon2i", argon2i)
}

// Argon2id checks password against a PHC-format Argon2id digest, as
// [Argon2i] but with "$argon2id$".
func Argon2id(digest, password string) (bool, error) {
	return argon2Check(digest, password, "argon2id", argon2id)
}

func argon2Check(digest, password, name string, typ uint32) (bool, error) {
	p, want, err := parseArgon2(digest, name)
	if err != nil {
		return false, err
	}
	p.typ = typ
	got := argon2Key([]byte(password), p)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// parseArgon2 reads a PHC string of the Argon2 variant name.
func parseArgon2(digest, name string) (argon2Params, []byte, error) {
	parts := strings.Split(digest, "$")
	if len(parts) > 0 && parts[0] == "" {
		parts = parts[1:]
	}
	if len(parts) < 4 || parts[0] != name {
		return argon2Params{}, nil, ErrFormat
	}
	p := argon2Params{version: 0x10}
	if v, ok := strings.CutPrefix(parts[1], "v="); ok {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || (n != 0x10 && n != 0x13) {
			return argon2Params{}, nil, fmt.Errorf("%w: argon2 version %q", ErrFormat, v)
		}
		p.version = uint32(n)
		parts = parts[1:]
	}
	if len(parts) != 4 {
		return argon2Params{}, nil, ErrFormat
	}
	seen := map[string]bool{}
	for _, kv := range strings.Split(parts[1], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || seen[k] {
			return argon2Params{}, nil, fmt.Errorf("%w: argon2 parameter %q", ErrFormat, k)
		}
		seen[k] = true
		switch k {
		case "m":
			p.memory = uint32(n)
		case "t":
			p.passes = uint32(n)
		case "p":
			p.lanes = uint32(n)
		default:
			return argon2Params{}, nil, fmt.Errorf("%w: argon2 parameter %q", ErrFormat, k)
		}
	}
	if p.lanes < 1 || p.lanes > argon2MaxLanes || p.passes < 1 || p.passes > argon2MaxPasses ||
		p.memory < 8*p.lanes || p.memory > argon2MaxMemory {
		return argon2Params{}, nil, fmt.Errorf("%w: argon2 m=%d,t=%d,p=%d out of range", ErrFormat, p.memory, p.passes, p.lanes)
	}
	salt, err1 := phcBase64(parts[2])
	hash, err2 := phcBase64(parts[3])
	if err1 != nil || err2 != nil || len(salt) == 0 || len(hash) < 4 {
		return argon2Params{}, nil, fmt.Errorf("%w: argon2 salt or hash", ErrFormat)
	}
	p.salt, p.tagLength = salt, uint32(len(hash))
	return p, hash, nil
}

// phcBase64 decodes the PHC string format's unpadded standard base64,
// tolerating padding.
func phcBase64(s string) ([]byte, error) {
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}
