package main

import (
	"fmt"
	"sort"
)

// disjointSets tracks which hosts are connected, with union by size and path halving.
type disjointSets struct {
	parent []int
	size   []int
}

func newDisjointSets(n int) *disjointSets {
	d := &disjointSets{parent: make([]int, n), size: make([]int, n)}
	for i := range d.parent {
		d.parent[i] = i
		d.size[i] = 1
	}
	return d
}

func (d *disjointSets) find(x int) int {
	for d.parent[x] != x {
		d.parent[x] = d.parent[d.parent[x]]
		x = d.parent[x]
	}
	return x
}

// union joins the sets of a and b; it reports whether they were apart.
func (d *disjointSets) union(a, b int) bool {
	ra, rb := d.find(a), d.find(b)
	if ra == rb {
		return false
	}
	if d.size[ra] < d.size[rb] {
		ra, rb = rb, ra
	}
	d.parent[rb] = ra
	d.size[ra] += d.size[rb]
	return true
}

func main() {
	var hosts, links int
	fmt.Scan(&hosts, &links)
	sets := newDisjointSets(hosts)
	redundant, invalid := 0, 0
	for i := 0; i < links; i++ {
		var a, b int
		fmt.Scan(&a, &b)
		if a < 0 || b < 0 || a >= hosts || b >= hosts {
			invalid++
			continue
		}
		if !sets.union(a, b) {
			redundant++
		}
	}

	var sizes []int
	isolated := 0
	for h := 0; h < hosts; h++ {
		if sets.find(h) == h {
			sizes = append(sizes, sets.size[h])
			if sets.size[h] == 1 {
				isolated++
			}
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(sizes)))
	fmt.Printf("hosts %d, links %d (%d redundant, %d invalid)\n", hosts, links, redundant, invalid)
	fmt.Printf("segments %d, isolated hosts %d\n", len(sizes), isolated)
	top := sizes
	if len(top) > 5 {
		top = top[:5]
	}
	fmt.Println("largest segments:", top)
	buckets := []int{1, 2, 5, 10, 100, 1000}
	for i, low := range buckets {
		high, label := 1<<62, fmt.Sprintf("%d+", low)
		if i+1 < len(buckets) {
			high, label = buckets[i+1], fmt.Sprintf("%d-%d", low, buckets[i+1]-1)
		}
		count := 0
		for _, s := range sizes {
			if s >= low && s < high {
				count++
			}
		}
		fmt.Printf("segments of %s hosts: %d\n", label, count)
	}
}
