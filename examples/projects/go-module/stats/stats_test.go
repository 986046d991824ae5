package stats

import (
	"math"
	"math/rand"
	"testing"
)

// shuffled returns 1, 2, ..., n in a random order: its p-th percentile is ceil(p/100 * n).
func shuffled(n int, seed int64) []float64 {
	samples := make([]float64, n)
	for i, j := range rand.New(rand.NewSource(seed)).Perm(n) {
		samples[i] = float64(j + 1)
	}
	return samples
}

func TestPercentilesSmall(t *testing.T) {
	samples := []float64{15, 20, 35, 40, 50}
	got := Percentiles(samples, []float64{5, 30, 40, 50, 100})
	want := []float64{15, 20, 20, 35, 50}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Percentiles(%v) = %v, want %v", samples, got, want)
		}
	}
	if samples[0] != 15 || samples[4] != 50 {
		t.Fatalf("samples changed: %v", samples)
	}
}

func TestPercentilesOfNothingAreNaN(t *testing.T) {
	if got := Percentiles(nil, []float64{50}); !math.IsNaN(got[0]) {
		t.Fatalf("Percentiles(nil) = %v, want NaN", got)
	}
}

func TestPercentilesShuffled(t *testing.T) {
	got := Percentiles(shuffled(5000, 1), []float64{1, 50, 90, 100})
	want := []float64{50, 2500, 4500, 5000}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestTopPaths(t *testing.T) {
	got := TopPaths(map[string]int{"/a": 3, "/b": 5, "/c": 3, "/d": 1}, 3)
	want := []PathHits{{"/b", 5}, {"/a", 3}, {"/c", 3}}
	for i := range want {
		if len(got) != len(want) || got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func BenchmarkPercentiles(b *testing.B) {
	samples := shuffled(20000, 2)
	for i := 0; i < b.N; i++ {
		if p := Percentiles(samples, []float64{50, 90, 99}); p[0] != 10000 || p[1] != 18000 || p[2] != 19800 {
			b.Fatalf("wrong percentiles %v", p)
		}
	}
}
