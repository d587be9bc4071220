package hashers

import (
	"math/big"
	"sync"
)

// blowfishWords is the count of 32-bit words in Blowfish's initial state:
// the 18-entry P-array followed by four 256-entry S-boxes.
const blowfishWords = 18 + 4*256

var (
	piOnce  sync.Once
	piWords [blowfishWords]uint32
)

// piFraction returns the first blowfishWords 32-bit words of the fractional
// part of pi in base 16, which are Blowfish's initial P-array and S-boxes.
// They are computed once, on first use, by Machin's formula
// pi = 16 atan(1/5) - 4 atan(1/239) in fixed point.
func piFraction() *[blowfishWords]uint32 {
	piOnce.Do(func() {
		const guard = 64
		bits := uint(32*blowfishWords + guard)
		one := new(big.Int).Lsh(big.NewInt(1), bits)
		pi := new(big.Int).Mul(arctanInv(one, 5), big.NewInt(16))
		pi.Sub(pi, new(big.Int).Mul(arctanInv(one, 239), big.NewInt(4)))
		pi.Rsh(pi, guard) // pi * 2^(32*blowfishWords), integer part 3 on top
		mask := big.NewInt(0xffffffff)
		w := new(big.Int)
		for i := range blowfishWords {
			w.Rsh(pi, uint(32*(blowfishWords-1-i)))
			w.And(w, mask)
			piWords[i] = uint32(w.Uint64())
		}
	})
	return &piWords
}

// arctanInv returns atan(1/x) scaled by one, by the alternating series
// sum (-1)^k / ((2k+1) x^(2k+1)).
func arctanInv(one *big.Int, x int64) *big.Int {
	sum := new(big.Int)
	power := new(big.Int).Quo(one, big.NewInt(x)) // one / x^(2k+1)
	x2 := big.NewInt(x * x)
	term := new(big.Int)
	for k := int64(0); power.Sign() != 0; k++ {
		term.Quo(power, big.NewInt(2*k+1))
		if k%2 == 0 {
			sum.Add(sum, term)
		} else {
			sum.Sub(sum, term)
		}
		power.Quo(power, x2)
	}
	return sum
}
