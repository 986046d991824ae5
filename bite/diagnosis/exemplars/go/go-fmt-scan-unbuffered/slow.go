package main

import "fmt"

// bite-exemplar: begin
func readScores() []int {
	var n int
	fmt.Scan(&n)
	scores := make([]int, n)
	for i := range scores {
		fmt.Scan(&scores[i])
	}
	return scores
}

// bite-exemplar: end

func main() {
	scores := readScores()
	best, sum := 0, 0
	for _, s := range scores {
		sum += s
		if s > best {
			best = s
		}
	}
	fmt.Println(len(scores), sum, best)
}
