package main

import "fmt"

// bite-exemplar: begin
func countStates(steps int) int {
	seen := map[[3]int]bool{} // an array (or struct) key: nothing to format
	x, y, dir := 0, 0, 0
	for i := 0; i < steps; i++ {
		x, y, dir = (x+dir+1)%64, (y*3+dir+1)%32, (dir+x)%4
		seen[[3]int{x, y, dir}] = true
	}
	return len(seen)
}

// bite-exemplar: end

func main() {
	fmt.Println(countStates(2000000))
}
