package noticegen

import "math/rand/v2"

// rnd wraps a PCG source so every document draws from its own stream:
// documents can be built in parallel and in any order while the output stays
// a pure function of the seed.
type rnd struct {
	*rand.Rand
}

func newRnd(seed int64, stream uint64) *rnd {
	return &rnd{rand.New(rand.NewPCG(uint64(seed), stream))}
}

// chance reports true with probability p.
func (r *rnd) chance(p float64) bool { return r.Float64() < p }

// between returns a uniform float in [lo, hi).
func (r *rnd) between(lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// intIn returns a uniform int in [lo, hi], both ends included.
func (r *rnd) intIn(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// digits returns n random decimal digits.
func (r *rnd) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// nzDigits is digits with a non-zero first digit, for numbers that are
// never printed with a leading zero.
func (r *rnd) nzDigits(n int) string {
	return string(rune('1'+r.IntN(9))) + r.digits(n-1)
}

func (r *rnd) letters(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('A' + r.IntN(26))
	}
	return string(b)
}

func pick[T any](r *rnd, xs []T) T { return xs[r.IntN(len(xs))] }

// weighted picks an index with probability proportional to its weight.
func (r *rnd) weighted(weights ...float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := r.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
