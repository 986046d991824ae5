package main

import (
	"bufio"
	"fmt"
	"os"
)

// bite-exemplar: begin
func printSquares(n int) {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for i := 1; i <= n; i++ {
		fmt.Fprintln(out, i*i%97)
	}
}

// bite-exemplar: end

func main() {
	printSquares(250000)
}
