package main

import "fmt"

// bite-exemplar: begin
func pathTo(parent []int, target int) []int {
	var path []int
	for v := target; v != -1; v = parent[v] {
		path = append([]int{v}, path...)
	}
	return path
}

// bite-exemplar: end

func main() {
	const n = 40000
	parent := make([]int, n) // a long chain with a few shortcuts
	for v := range parent {
		parent[v] = v - 1
		if v%1000 == 999 {
			parent[v] = v - 3
		}
	}
	path := pathTo(parent, n-1)
	fmt.Println(len(path), path[0], path[len(path)/2], path[len(path)-1])
}
