package main

import (
	"fmt"
	"strings"
)

// bite-exemplar: begin
func longestWord(text string) string {
	words := strings.Fields(text) // split once, outside the loop
	longest := ""
	for i := 0; i < len(words); i++ {
		word := words[i]
		if len(word) > len(longest) {
			longest = word
		}
	}
	return longest
}

// bite-exemplar: end

func main() {
	var sb strings.Builder
	for i := 0; i < 2500; i++ {
		sb.WriteString(strings.Repeat("ab", 1+(i*7919)%9))
		sb.WriteByte(' ')
	}
	fmt.Println(longestWord(sb.String()))
}
