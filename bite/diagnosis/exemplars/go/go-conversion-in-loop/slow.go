package main

import (
	"fmt"
	"strings"
)

// bite-exemplar: begin
func mirroredRunes(s string) int {
	n := len([]rune(s))
	count := 0
	for i := 0; i < n; i++ {
		if []rune(s)[i] == []rune(s)[n-1-i] {
			count++
		}
	}
	return count
}

// bite-exemplar: end

func main() {
	var sb strings.Builder
	letters := []rune("aébçdëf")
	for i := 0; i < 6000; i++ {
		sb.WriteRune(letters[(i*i+i/7)%len(letters)])
	}
	fmt.Println(mirroredRunes(sb.String()))
}
