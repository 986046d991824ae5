package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

type request struct {
	at     int64 // milliseconds since the epoch
	client string
	bytes  int64
}

func readRequests(scanner *bufio.Scanner) ([]request, error) {
	var requests []request
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) != 3 {
			continue
		}
		at, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return nil, err
		}
		bytes, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil {
			return nil, err
		}
		requests = append(requests, request{at, fields[1], bytes})
	}
	return requests, scanner.Err()
}

// windowBytes is the traffic of the requests in (requests[i].at - window, requests[i].at].
func windowBytes(requests []request, i int, window int64) int64 {
	var total int64
	for j := i; j >= 0 && requests[j].at > requests[i].at-window; j-- {
		total += requests[j].bytes
	}
	return total
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	var window, limit int64
	if scanner.Scan() {
		fmt.Sscan(scanner.Text(), &window, &limit)
	}
	requests, err := readRequests(scanner)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad request line:", err)
		os.Exit(1)
	}

	throttled := map[string]int{}
	var order []string
	var peak, peakAt int64
	over := 0
	for i := range requests {
		load := windowBytes(requests, i, window)
		if load > peak {
			peak, peakAt = load, requests[i].at
		}
		if load > limit {
			over++
			if throttled[requests[i].client] == 0 {
				order = append(order, requests[i].client)
			}
			throttled[requests[i].client]++
		}
	}

	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	fmt.Fprintf(out, "requests %d, window %d ms, limit %d bytes\n", len(requests), window, limit)
	fmt.Fprintf(out, "peak %d bytes at %d\n", peak, peakAt)
	fmt.Fprintf(out, "over limit: %d requests from %d clients\n", over, len(order))
	for i, client := range order {
		if i == 20 {
			fmt.Fprintf(out, "... and %d more\n", len(order)-20)
			break
		}
		fmt.Fprintf(out, "%s %d\n", client, throttled[client])
	}
}
