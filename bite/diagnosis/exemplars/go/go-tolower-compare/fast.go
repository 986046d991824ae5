package main

import (
	"fmt"
	"strings"
)

// bite-exemplar: begin
func countHeader(headers []string, name string) int {
	count := 0
	for _, h := range headers {
		if strings.EqualFold(h, name) { // compares without building lowered copies
			count++
		}
	}
	return count
}

// bite-exemplar: end

func main() {
	seen := []string{"Content-Type", "content-length", "ACCEPT-ENCODING", "User-Agent", "X-Request-Id",
		"Cache-Control", "content-type", "CONTENT-TYPE", "Accept", "Access-Control-Allow-Origin",
		"X-Forwarded-For", "access-control-allow-origin", "Strict-Transport-Security", "Authorization"}
	headers := make([]string, 600000)
	for i := range headers {
		headers[i] = seen[(i*7919)%len(seen)]
	}
	for _, name := range []string{"Content-Type", "Access-Control-Allow-Origin", "USER-AGENT", "Cookie", "Accept"} {
		fmt.Println(name, countHeader(headers, name))
	}
}
