package main

import "fmt"

const mod = 1000000007

// bite-exemplar: begin
// ways counts the ways to climb n stairs taking 1, 2 or 3 steps at a time.
func ways(n int) int {
	if n < 3 {
		return []int{1, 1, 2}[n]
	}
	return (ways(n-1) + ways(n-2) + ways(n-3)) % mod
}

// bite-exemplar: end

func main() {
	fmt.Println(ways(32))
}
