package main

import (
	"fmt"
	"strings"
)

// bite-exemplar: begin
func mirroredRunes(s string) int {
	runes := []rune(s) // convert once, outside the loop
	n := len(runes)
	count := 0
	for i := 0; i < n; i++ {
		if runes[i] == runes[n-1-i] {
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
