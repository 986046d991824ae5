package main

import (
	"bufio"
	"fmt"
	"os"
)

// fib returns the n-th Fibonacci number modulo 1e9+7.
func fib(n int) int {
	if n < 2 {
		return n
	}
	return (fib(n-1) + fib(n-2)) % 1000000007
}

func main() {
	in := bufio.NewReader(os.Stdin)
	for {
		var n int
		if _, err := fmt.Fscan(in, &n); err != nil {
			return
		}
		fmt.Println(fib(n))
	}
}
