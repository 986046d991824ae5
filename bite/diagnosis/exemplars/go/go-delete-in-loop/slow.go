package main

import "fmt"

// bite-exemplar: begin
func dropExpired(expiries []int, now int) []int {
	for i := 0; i < len(expiries); {
		if expiries[i] <= now {
			expiries = append(expiries[:i], expiries[i+1:]...)
		} else {
			i++
		}
	}
	return expiries
}

// bite-exemplar: end

func main() {
	expiries := make([]int, 120000)
	for i := range expiries {
		expiries[i] = (i * 7919) % 100003
	}
	kept := dropExpired(expiries, 50000)
	sum := 0
	for _, e := range kept {
		sum += e
	}
	fmt.Println(len(kept), sum)
}
