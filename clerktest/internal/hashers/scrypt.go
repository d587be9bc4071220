package hashers

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/bits"
)

// scryptMaxMemory bounds the memory one scrypt check may take (128·r·N
// bytes), so that a hostile digest cannot exhaust the test process.
const scryptMaxMemory = 1 << 30

// scryptKey derives keyLen bytes from password and salt by scrypt
// (RFC 7914) with cost n (a power of two above 1), block size r and
// parallelism p.
func scryptKey(password, salt []byte, n, r, p, keyLen int) ([]byte, error) {
	if n < 2 || n&(n-1) != 0 || r < 1 || p < 1 || uint64(r)*uint64(p) >= 1<<30 ||
		uint64(n)*uint64(r) > scryptMaxMemory/128 || uint64(r)*uint64(p)*128 > scryptMaxMemory {
		return nil, fmt.Errorf("%w: scrypt parameters N=%d r=%d p=%d", ErrFormat, n, r, p)
	}
	b, err := pbkdf2.Key(sha256.New, string(password), salt, 1, p*128*r)
	if err != nil {
		return nil, fmt.Errorf("hashers: scrypt: %w", err)
	}
	words := 32 * r // 32-bit words in one 128·r-byte block
	x := make([]uint32, words)
	y := make([]uint32, words)
	v := make([]uint32, words*n)
	for i := range p {
		block := b[i*128*r : (i+1)*128*r]
		for k := range x {
			x[k] = binary.LittleEndian.Uint32(block[4*k:])
		}
		roMix(x, y, v, n, r)
		for k := range x {
			binary.LittleEndian.PutUint32(block[4*k:], x[k])
		}
	}
	return pbkdf2.Key(sha256.New, string(password), b, 1, keyLen)
}

// roMix is scryptROMix of RFC 7914 §5 on x in place; y and v are scratch.
func roMix(x, y, v []uint32, n, r int) {
	words := len(x)
	for i := range n {
		copy(v[i*words:], x)
		blockMix(x, y, r)
	}
	for range n {
		j := int(x[words-16]) & (n - 1) // Integerify mod N; N is at most 2^30
		vj := v[j*words : (j+1)*words]
		for k := range x {
			x[k] ^= vj[k]
		}
		blockMix(x, y, r)
	}
}

// blockMix is scryptBlockMix of RFC 7914 §4 on b in place; y is scratch.
func blockMix(b, y []uint32, r int) {
	var t [16]uint32
	copy(t[:], b[(2*r-1)*16:])
	for i := range 2 * r {
		for k := range t {
			t[k] ^= b[i*16+k]
		}
		salsa208(&t)
		// Even blocks go to the first half, odd ones to the second.
		dst := (i/2 + (i%2)*r) * 16
		copy(y[dst:dst+16], t[:])
	}
	copy(b, y)
}

// salsa208 is the Salsa20/8 core of RFC 7914 §3 on b in place.
func salsa208(b *[16]uint32) {
	x := *b
	quarter := func(a, bb, c, d int) {
		x[bb] ^= bits.RotateLeft32(x[a]+x[d], 7)
		x[c] ^= bits.RotateLeft32(x[bb]+x[a], 9)
		x[d] ^= bits.RotateLeft32(x[c]+x[bb], 13)
		x[a] ^= bits.RotateLeft32(x[d]+x[c], 18)
	}
	for range 4 {
		// Columns, then rows.
		quarter(0, 4, 8, 12)
		quarter(5, 9, 13, 1)
		quarter(10, 14, 2, 6)
		quarter(15, 3, 7, 11)
		quarter(0, 1, 2, 3)
		quarter(5, 6, 7, 4)
		quarter(10, 11, 8, 9)
		quarter(15, 12, 13, 14)
	}
	for i := range b {
		b[i] += x[i]
	}
}
