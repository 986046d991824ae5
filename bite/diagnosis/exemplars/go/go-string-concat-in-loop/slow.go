package main

import (
	"fmt"
	"strconv"
)

// bite-exemplar: begin
func joinIDs(ids []int) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += strconv.Itoa(id)
	}
	return s
}

// bite-exemplar: end

func main() {
	ids := make([]int, 30000)
	for i := range ids {
		ids[i] = (i*7919 + 13) % 100000
	}
	s := joinIDs(ids)
	fmt.Println(len(s), s[len(s)-20:])
}
