package main

import "fmt"

// bite-exemplar: begin
func maxWindowSum(xs []int, k int) int {
	sum := 0
	for j := 0; j < k; j++ {
		sum += xs[j]
	}
	best := sum
	for i := k; i < len(xs); i++ {
		sum += xs[i] - xs[i-k] // slide: add the new element, drop the old one
		if sum > best {
			best = sum
		}
	}
	return best
}

// bite-exemplar: end

func main() {
	xs := make([]int, 200000)
	for i := range xs {
		xs[i] = (i*7919)%2001 - 1000
	}
	fmt.Println(maxWindowSum(xs, 2500))
}
