// Package stats summarises request latencies and paths.
package stats

import (
	"math"
	"sort"
)

// Percentiles returns the nearest-rank percentile of samples for each p in ps (0 < p <= 100): the smallest
// sample with at least p % of the samples at or below it; NaN when there are no samples. samples is unchanged.
func Percentiles(samples []float64, ps []float64) []float64 {
	sorted := make([]float64, len(samples))
	copy(sorted, samples)
	for i := 1; i < len(sorted); i++ { // insertion sort
		v := sorted[i]
		j := i
		for j > 0 && sorted[j-1] > v {
			sorted[j] = sorted[j-1]
			j--
		}
		sorted[j] = v
	}
	out := make([]float64, len(ps))
	for i, p := range ps {
		if len(sorted) == 0 {
			out[i] = math.NaN()
			continue
		}
		rank := int(math.Ceil(p / 100 * float64(len(sorted))))
		if rank < 1 {
			rank = 1
		}
		out[i] = sorted[rank-1]
	}
	return out
}

// PathHits is a path and how many requests it had.
type PathHits struct {
	Path string
	Hits int
}

// TopPaths returns the n paths with the most hits, most first; ties in alphabetical order.
func TopPaths(hits map[string]int, n int) []PathHits {
	all := make([]PathHits, 0, len(hits))
	for path, count := range hits {
		all = append(all, PathHits{path, count})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Hits != all[j].Hits {
			return all[i].Hits > all[j].Hits
		}
		return all[i].Path < all[j].Path
	})
	if len(all) > n {
		all = all[:n]
	}
	return all
}
