package main

import "fmt"

type Order struct {
	ID       int
	Customer [64]byte
	Lines    [32]int
	Total    int
}

// bite-exemplar: begin
func revenue(orders []Order, minTotal int) int {
	sum := 0
	for _, o := range orders { // copies each 336-byte Order
		if o.Total >= minTotal {
			sum += o.Total
		}
	}
	return sum
}

// bite-exemplar: end

func main() {
	orders := make([]Order, 5000)
	for i := range orders {
		orders[i].ID = i
		orders[i].Total = (i * 7919) % 1000
	}
	sum := 0
	for day := 0; day < 8000; day++ {
		sum += revenue(orders, day%1000)
	}
	fmt.Println(sum)
}
