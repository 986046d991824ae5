package main

import "fmt"

// bite-exemplar: begin
func printSquares(n int) {
	for i := 1; i <= n; i++ {
		fmt.Println(i * i % 97)
	}
}

// bite-exemplar: end

func main() {
	printSquares(250000)
}
