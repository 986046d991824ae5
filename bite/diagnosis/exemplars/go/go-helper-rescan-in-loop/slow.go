package main

import "fmt"

// bite-exemplar: begin
func balanceBefore(amounts []int, i int) int {
	total := 0
	for k := 0; k < i; k++ {
		total += amounts[k]
	}
	return total
}

func lowestBalance(amounts []int) int {
	lowest := 0
	for i := range amounts {
		if balance := balanceBefore(amounts, i) + amounts[i]; balance < lowest {
			lowest = balance
		}
	}
	return lowest
}

// bite-exemplar: end

func main() {
	amounts := make([]int, 40000)
	seed := uint32(7)
	for i := range amounts {
		seed = seed*1103515245 + 12345
		amounts[i] = int((seed>>8)%2001) - 1000
	}
	fmt.Println(lowestBalance(amounts))
}
