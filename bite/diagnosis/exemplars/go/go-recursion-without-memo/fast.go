package main

import "fmt"

const mod = 1000000007

// bite-exemplar: begin
var memo = map[int]int{} // n -> ways(n), each computed once

// ways counts the ways to climb n stairs taking 1, 2 or 3 steps at a time.
func ways(n int) int {
	if n < 3 {
		return []int{1, 1, 2}[n]
	}
	if v, ok := memo[n]; ok {
		return v
	}
	memo[n] = (ways(n-1) + ways(n-2) + ways(n-3)) % mod
	return memo[n]
}

// bite-exemplar: end

func main() {
	fmt.Println(ways(32))
}
