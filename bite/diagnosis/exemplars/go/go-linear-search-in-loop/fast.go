package main

import "fmt"

// bite-exemplar: begin
func countKnown(queries, known []int) int {
	isKnown := make(map[int]bool, len(known))
	for _, k := range known {
		isKnown[k] = true
	}
	hits := 0
	for _, q := range queries {
		if isKnown[q] {
			hits++
		}
	}
	return hits
}

// bite-exemplar: end

func main() {
	known := make([]int, 10000)
	for i := range known {
		known[i] = (i * 7919) % 100003
	}
	queries := make([]int, 100000)
	for i := range queries {
		queries[i] = (i * 104729) % 100003
	}
	fmt.Println(countKnown(queries, known))
}
