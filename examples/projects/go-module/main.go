// accesslog summarises an access log read on stdin, one request a line: METHOD PATH STATUS MILLISECONDS.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"example.com/accesslog/stats"
)

func main() {
	var latencies []float64
	hits := map[string]int{}
	scanner := bufio.NewScanner(os.Stdin)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) != 4 {
			continue
		}
		ms, err := strconv.ParseFloat(fields[3], 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bad latency %q\n", fields[3])
			os.Exit(1)
		}
		latencies = append(latencies, ms)
		hits[fields[1]]++
	}
	if len(latencies) == 0 {
		fmt.Println("no requests")
		return
	}
	p := stats.Percentiles(latencies, []float64{50, 90, 99})
	fmt.Printf("%d requests, latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms\n", len(latencies), p[0], p[1], p[2])
	for _, path := range stats.TopPaths(hits, 3) {
		fmt.Printf("%6d %s\n", path.Hits, path.Path)
	}
}
