package main

import "fmt"

// bite-exemplar: begin
func maxWindowSum(xs []int, k int) int {
	best := 0
	for i := 0; i+k <= len(xs); i++ {
		sum := 0
		for j := i; j < i+k; j++ {
			sum += xs[j]
		}
		if i == 0 || sum > best {
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
