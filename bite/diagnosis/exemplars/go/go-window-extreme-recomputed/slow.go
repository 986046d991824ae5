package main

import "fmt"

// bite-exemplar: begin
// the sum, over every run of k consecutive readings, of the run's highest reading
func sumOfWindowPeaks(readings []int, k int) int {
	total := 0
	for start := 0; start+k <= len(readings); start++ {
		peak := readings[start]
		for _, r := range readings[start : start+k] {
			if r > peak {
				peak = r
			}
		}
		total += peak
	}
	return total
}

// bite-exemplar: end

func main() {
	readings := make([]int, 300000)
	seed := uint32(9)
	for i := range readings {
		seed = seed*1664525 + 1013904223
		readings[i] = int(seed>>12) - 500000
	}
	fmt.Println(sumOfWindowPeaks(readings, 1000), sumOfWindowPeaks(readings, 30))
}
