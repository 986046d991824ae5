package main

import (
	"fmt"
	"regexp"
)

// bite-exemplar: begin
var codePattern = regexp.MustCompile(`^[A-Z]{2}-\d{4}$`) // compiled once

func countValid(codes []string) int {
	valid := 0
	for _, code := range codes {
		if codePattern.MatchString(code) {
			valid++
		}
	}
	return valid
}

// bite-exemplar: end

func main() {
	codes := make([]string, 60000)
	for i := range codes {
		codes[i] = fmt.Sprintf("%c%c-%d", 'A'+i%26, 'A'+i%7*3, i%13000)
	}
	fmt.Println(countValid(codes))
}
