package main

import (
	"bufio"
	"fmt"
	"os"
)

// bite-exemplar: begin
func readScores() []int {
	in := bufio.NewReader(os.Stdin)
	var n int
	fmt.Fscan(in, &n)
	scores := make([]int, n)
	for i := range scores {
		fmt.Fscan(in, &scores[i])
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
