package main

import (
	"fmt"
	"strconv"
	"strings"
)

// bite-exemplar: begin
func joinIDs(ids []int) string {
	var sb strings.Builder
	for i, id := range ids {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Itoa(id))
	}
	return sb.String()
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
