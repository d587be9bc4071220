package hashers

import "encoding/binary"

// blowfish is the key-dependent state of the Blowfish cipher.
type blowfish struct {
	p [18]uint32
	s [4][256]uint32
}

// newBlowfish returns Blowfish's initial state: the digits of pi.
func newBlowfish() *blowfish {
	pi := piFraction()
	b := new(blowfish)
	copy(b.p[:], pi[:18])
	for i := range b.s {
		copy(b.s[i][:], pi[18+256*i:18+256*(i+1)])
	}
	return b
}

func (b *blowfish) f(x uint32) uint32 {
	return ((b.s[0][x>>24] + b.s[1][x>>16&0xff]) ^ b.s[2][x>>8&0xff]) + b.s[3][x&0xff]
}

// encrypt enciphers the 64-bit block l, r.
func (b *blowfish) encrypt(l, r uint32) (uint32, uint32) {
	for i := 0; i < 16; i += 2 {
		l ^= b.p[i]
		r ^= b.f(l)
		r ^= b.p[i+1]
		l ^= b.f(r)
	}
	l ^= b.p[16]
	r ^= b.p[17]
	return r, l
}

// cycle reads 32-bit big-endian words from a byte string, wrapping around
// at its end, as Blowfish's key schedule does.
type cycle struct {
	b []byte
	i int
}

func (c *cycle) word() uint32 {
	var w uint32
	for range 4 {
		w = w<<8 | uint32(c.b[c.i])
		c.i++
		if c.i == len(c.b) {
			c.i = 0
		}
	}
	return w
}

// expandKey is the key schedule of eksblowfish: it mixes key into the
// P-array and, when salt is not nil, salt into every block it enciphers
// while it refills the P-array and S-boxes. Blowfish's own key schedule is
// expandKey with a nil salt on the initial state.
func (b *blowfish) expandKey(key, salt []byte) {
	kc := cycle{b: key}
	for i := range b.p {
		b.p[i] ^= kc.word()
	}
	var sc *cycle
	if salt != nil {
		sc = &cycle{b: salt}
	}
	var l, r uint32
	next := func() {
		if sc != nil {
			l ^= sc.word()
			r ^= sc.word()
		}
		l, r = b.encrypt(l, r)
	}
	for i := 0; i < len(b.p); i += 2 {
		next()
		b.p[i], b.p[i+1] = l, r
	}
	for j := range b.s {
		for i := 0; i < 256; i += 2 {
			next()
			b.s[j][i], b.s[j][i+1] = l, r
		}
	}
}

// encryptBlock enciphers the 8-byte block dst in place.
func (b *blowfish) encryptBlock(dst []byte) {
	l, r := b.encrypt(binary.BigEndian.Uint32(dst), binary.BigEndian.Uint32(dst[4:]))
	binary.BigEndian.PutUint32(dst, l)
	binary.BigEndian.PutUint32(dst[4:], r)
}
