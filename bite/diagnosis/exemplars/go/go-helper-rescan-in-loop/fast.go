package main

import "fmt"

// bite-exemplar: begin
func lowestBalance(amounts []int) int {
	lowest, balance := 0, 0 // one running balance, not the prefix summed again for every i
	for _, amount := range amounts {
		balance += amount
		if balance < lowest {
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
