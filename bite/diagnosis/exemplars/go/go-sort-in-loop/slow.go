package main

import (
	"fmt"
	"sort"
)

// bite-exemplar: begin
func runningMedians(xs []int) []int {
	var seen []int
	medians := make([]int, 0, len(xs))
	for _, x := range xs {
		seen = append(seen, x)
		sort.Ints(seen)
		medians = append(medians, seen[len(seen)/2])
	}
	return medians
}

// bite-exemplar: end

func main() {
	xs := make([]int, 12000)
	for i := range xs {
		xs[i] = (i*7919 + 17) % 100003
	}
	medians := runningMedians(xs)
	sum := 0
	for _, m := range medians {
		sum += m
	}
	fmt.Println(sum, medians[len(medians)-1])
}
