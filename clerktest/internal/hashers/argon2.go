package hashers

import (
	"encoding/binary"
	"math/bits"
)

// Argon2 types (RFC 9106 §3.1, the y parameter).
const (
	argon2d  = 0
	argon2i  = 1
	argon2id = 2
)

// argon2Block is one 1024-byte memory block as 128 little-endian words.
type argon2Block [128]uint64

// argon2Params are the inputs of RFC 9106 §3.1 other than the password.
type argon2Params struct {
	typ, version     uint32
	memory, passes   uint32 // m in KiB, t
	lanes, tagLength uint32 // p, T
	salt, secret, ad []byte
}

// argon2Key is Argon2 of RFC 9106 §3, for versions 0x13 and 0x10 (which
// overwrites blocks in later passes instead of XORing into them). The
// caller bounds memory, passes and lanes.
func argon2Key(password []byte, p argon2Params) []byte {
	le := func(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
	h0 := blake2b(64, le(p.lanes), le(p.tagLength), le(p.memory), le(p.passes), le(p.version), le(p.typ),
		le(uint32(len(password))), password, le(uint32(len(p.salt))), p.salt,
		le(uint32(len(p.secret))), p.secret, le(uint32(len(p.ad))), p.ad)

	lanes := p.lanes
	segment := p.memory / (4 * lanes)
	if segment < 2 {
		segment = 2 // m >= 8p, so m' >= 8p
	}
	laneLen := 4 * segment
	mem := make([]argon2Block, lanes*laneLen)
	for l := range lanes {
		for j := range uint32(2) {
			b := argon2Hprime(1024, h0, le(j), le(l))
			for k := range mem[l*laneLen+j] {
				mem[l*laneLen+j][k] = binary.LittleEndian.Uint64(b[8*k:])
			}
		}
	}
	f := argon2Filler{p: p, mem: mem, segment: segment, laneLen: laneLen}
	for pass := range p.passes {
		for slice := range uint32(4) {
			for l := range lanes {
				f.segmentFill(pass, slice, l)
			}
		}
	}
	c := mem[laneLen-1]
	for l := uint32(1); l < lanes; l++ {
		for k, w := range mem[l*laneLen+laneLen-1] {
			c[k] ^= w
		}
	}
	var cb [1024]byte
	for k, w := range c {
		binary.LittleEndian.PutUint64(cb[8*k:], w)
	}
	return argon2Hprime(p.tagLength, cb[:])
}

// argon2Hprime is the variable-length hash H' of RFC 9106 §3.3.
func argon2Hprime(size uint32, parts ...[]byte) []byte {
	in := append([][]byte{binary.LittleEndian.AppendUint32(nil, size)}, parts...)
	if size <= 64 {
		return blake2b(int(size), in...)
	}
	out := make([]byte, 0, size)
	v := blake2b(64, in...)
	for uint32(len(out))+64 < size {
		out = append(out, v[:32]...)
		v = blake2b(min(64, int(size)-len(out)), v)
	}
	// The loop leaves at most 64 bytes to go, all of the last hash.
	return append(out, v...)
}

// argon2Filler fills the memory of one Argon2 computation.
type argon2Filler struct {
	p                argon2Params
	mem              []argon2Block
	segment, laneLen uint32
}

// segmentFill computes one segment (RFC 9106 §3.2 steps 5-6 and §3.4).
func (f *argon2Filler) segmentFill(pass, slice, lane uint32) {
	independent := f.p.typ == argon2i || (f.p.typ == argon2id && pass == 0 && slice < 2)
	var zero, input, addresses argon2Block
	if independent {
		input[0], input[1], input[2] = uint64(pass), uint64(lane), uint64(slice)
		input[3], input[4], input[5] = uint64(len(f.mem)), uint64(f.p.passes), uint64(f.p.typ)
	}
	nextAddresses := func() {
		input[6]++
		argon2G(&addresses, &zero, &input, false)
		argon2G(&addresses, &zero, &addresses, false)
	}
	start := uint32(0)
	if pass == 0 && slice == 0 {
		start = 2
		if independent {
			nextAddresses()
		}
	}
	base := lane * f.laneLen
	for i := start; i < f.segment; i++ {
		col := slice*f.segment + i
		prev := col - 1
		if col == 0 {
			prev = f.laneLen - 1
		}
		var rand uint64
		if independent {
			if i%128 == 0 {
				nextAddresses()
			}
			rand = addresses[i%128]
		} else {
			rand = f.mem[base+prev][0]
		}
		refLane := uint32(rand>>32) % f.p.lanes
		if pass == 0 && slice == 0 {
			refLane = lane
		}
		ref := f.refIndex(pass, slice, i, uint32(rand), refLane == lane)
		xor := pass > 0 && f.p.version == 0x13
		argon2G(&f.mem[base+col], &f.mem[base+prev], &f.mem[refLane*f.laneLen+ref], xor)
	}
}

// refIndex maps J1 to a block of the reference lane (RFC 9106 §3.4.2).
func (f *argon2Filler) refIndex(pass, slice, index, j1 uint32, sameLane bool) uint32 {
	var area uint32
	switch {
	case pass == 0 && slice == 0:
		area = index - 1
	case pass == 0 && sameLane:
		area = slice*f.segment + index - 1
	case pass == 0:
		area = slice * f.segment
		if index == 0 {
			area--
		}
	case sameLane:
		area = f.laneLen - f.segment + index - 1
	default:
		area = f.laneLen - f.segment
		if index == 0 {
			area--
		}
	}
	x := uint64(j1) * uint64(j1) >> 32
	rel := uint64(area) - 1 - (uint64(area) * x >> 32)
	startPos := uint64(0)
	if pass > 0 && slice != 3 {
		startPos = uint64(slice+1) * uint64(f.segment)
	}
	return uint32((startPos + rel) % uint64(f.laneLen))
}

// argon2G is the compression function G of RFC 9106 §3.5: dst becomes
// G(x, y), or is XORed with it when xor is set (later passes of 0x13).
func argon2G(dst, x, y *argon2Block, xor bool) {
	var r, z argon2Block
	for k := range r {
		r[k] = x[k] ^ y[k]
	}
	z = r
	for row := range 8 {
		w := z[16*row : 16*row+16]
		argon2P(&w[0], &w[1], &w[2], &w[3], &w[4], &w[5], &w[6], &w[7],
			&w[8], &w[9], &w[10], &w[11], &w[12], &w[13], &w[14], &w[15])
	}
	for c := range 8 {
		k := 2 * c
		argon2P(&z[k], &z[k+1], &z[k+16], &z[k+17], &z[k+32], &z[k+33], &z[k+48], &z[k+49],
			&z[k+64], &z[k+65], &z[k+80], &z[k+81], &z[k+96], &z[k+97], &z[k+112], &z[k+113])
	}
	for k := range dst {
		if xor {
			dst[k] ^= z[k] ^ r[k]
		} else {
			dst[k] = z[k] ^ r[k]
		}
	}
}

// argon2P is the permutation P of RFC 9106 §3.6 on sixteen words, taken
// as eight 16-byte registers.
func argon2P(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15 *uint64) {
	argon2GB(v0, v4, v8, v12)
	argon2GB(v1, v5, v9, v13)
	argon2GB(v2, v6, v10, v14)
	argon2GB(v3, v7, v11, v15)
	argon2GB(v0, v5, v10, v15)
	argon2GB(v1, v6, v11, v12)
	argon2GB(v2, v7, v8, v13)
	argon2GB(v3, v4, v9, v14)
}

// argon2GB is BLAKE2b's G with the multiplications of BlaMka.
func argon2GB(a, b, c, d *uint64) {
	mul := func(x, y uint64) uint64 { return 2 * uint64(uint32(x)) * uint64(uint32(y)) }
	*a += *b + mul(*a, *b)
	*d = bits.RotateLeft64(*d^*a, -32)
	*c += *d + mul(*c, *d)
	*b = bits.RotateLeft64(*b^*c, -24)
	*a += *b + mul(*a, *b)
	*d = bits.RotateLeft64(*d^*a, -16)
	*c += *d + mul(*c, *d)
	*b = bits.RotateLeft64(*b^*c, -63)
}
