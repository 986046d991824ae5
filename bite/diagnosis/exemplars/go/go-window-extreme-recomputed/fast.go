package main

import "fmt"

// bite-exemplar: begin
// the sum, over every run of k consecutive readings, of the run's highest reading
func sumOfWindowPeaks(readings []int, k int) int {
	deque := make([]int, 0, len(readings)) // indices, their readings decreasing: the front is the peak
	head, total := 0, 0
	for i, r := range readings {
		for len(deque) > head && readings[deque[len(deque)-1]] <= r {
			deque = deque[:len(deque)-1] // never the peak again: i is higher and stays longer
		}
		deque = append(deque, i)
		if deque[head] <= i-k {
			head++ // left the window
		}
		if i >= k-1 {
			total += readings[deque[head]]
		}
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
