package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
)

type request struct {
	service string
	level   string
	latency int
	status  int
}

type serviceStats struct {
	count     int
	errors    int
	warnings  int
	latencies []int
}

// parseLine reads one access-log line such as
// 2024-03-05T12:34:56Z level=WARN svc=auth-api latency_ms=123 path=/v1/users/42 status=503
func parseLine(line string) (request, bool) {
	pattern := regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z) level=(DEBUG|INFO|WARN|ERROR) ` +
		`svc=([a-z][a-z0-9-]*) latency_ms=(\d+) path=(/[\w/.-]*) status=([1-5]\d\d)$`)
	m := pattern.FindStringSubmatch(line)
	if m == nil {
		return request{}, false
	}
	latency, _ := strconv.Atoi(m[4])
	status, _ := strconv.Atoi(m[6])
	return request{service: m[3], level: m[2], latency: latency, status: status}, true
}

func percentile(sorted []int, p int) int {
	if len(sorted) == 0 {
		return 0
	}
	idx := (len(sorted)*p + 99) / 100
	if idx < 1 {
		idx = 1
	}
	return sorted[idx-1]
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	stats := map[string]*serviceStats{}
	malformed := 0
	for scanner.Scan() {
		req, ok := parseLine(scanner.Text())
		if !ok {
			malformed++
			continue
		}
		s := stats[req.service]
		if s == nil {
			s = &serviceStats{}
			stats[req.service] = s
		}
		s.count++
		if req.status >= 500 {
			s.errors++
		}
		if req.level == "WARN" || req.level == "ERROR" {
			s.warnings++
		}
		s.latencies = append(s.latencies, req.latency)
	}

	names := make([]string, 0, len(stats))
	for name := range stats {
		names = append(names, name)
	}
	sort.Strings(names)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	fmt.Fprintf(out, "%-16s %7s %6s %6s %6s %6s %6s\n", "service", "count", "5xx%", "warn", "p50", "p95", "p99")
	for _, name := range names {
		s := stats[name]
		sort.Ints(s.latencies)
		errorRate := float64(s.errors) * 100 / float64(s.count)
		fmt.Fprintf(out, "%-16s %7d %6.2f %6d %6d %6d %6d\n", name, s.count, errorRate, s.warnings,
			percentile(s.latencies, 50), percentile(s.latencies, 95), percentile(s.latencies, 99))
	}
	fmt.Fprintf(out, "malformed lines: %d\n", malformed)
}
