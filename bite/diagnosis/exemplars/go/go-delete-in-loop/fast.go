package main

import "fmt"

// bite-exemplar: begin
func dropExpired(expiries []int, now int) []int {
	kept := expiries[:0] // filter in place: one pass, no shifting
	for _, e := range expiries {
		if e > now {
			kept = append(kept, e)
		}
	}
	return kept
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
