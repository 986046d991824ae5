package main

import (
	"bufio"
	"fmt"
	"os"
)

// fib returns the n-th Fibonacci number modulo 1e9+7.
func fib(n int) int {
	a, b := 0, 1
	for i := 0; i < n; i++ {
		a, b = b, (a+b)%1000000007
	}
	return a
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
