package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
)

type product struct {
	sku     string
	name    string
	price   int // cents
	stock   int
	sold    int
	revenue int
}

type ledger struct {
	products []product
	bySku    map[string]int // index into products
}

func (l *ledger) find(sku string) *product {
	if i, ok := l.bySku[sku]; ok {
		return &l.products[i]
	}
	return nil
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()

	var count int
	fmt.Fscan(in, &count)
	l := &ledger{products: make([]product, count), bySku: make(map[string]int, count)}
	for i := range l.products {
		p := &l.products[i]
		fmt.Fscan(in, &p.sku, &p.name, &p.price, &p.stock)
		if _, seen := l.bySku[p.sku]; !seen {
			l.bySku[p.sku] = i
		}
	}

	var unknown, rejected, returned int
	for {
		var kind, sku string
		var qty int
		if _, err := fmt.Fscan(in, &kind, &sku, &qty); err != nil {
			break
		}
		p := l.find(sku)
		if p == nil {
			unknown++
			continue
		}
		switch kind {
		case "sale":
			if qty > p.stock {
				rejected++
				continue
			}
			p.stock -= qty
			p.sold += qty
			p.revenue += qty * p.price
		case "return":
			p.stock += qty
			p.sold -= qty
			p.revenue -= qty * p.price
			returned += qty
		case "restock":
			p.stock += qty
		}
	}

	total, empty := 0, 0
	for _, p := range l.products {
		total += p.revenue
		if p.stock == 0 {
			empty++
		}
	}
	fmt.Fprintf(out, "revenue %d.%02d, units returned %d\n", total/100, total%100, returned)
	fmt.Fprintf(out, "rejected sales %d, unknown skus %d, out of stock %d\n", rejected, unknown, empty)
	best := append([]product(nil), l.products...)
	sort.SliceStable(best, func(i, j int) bool { return best[i].revenue > best[j].revenue })
	for i := 0; i < 10 && i < len(best); i++ {
		p := best[i]
		fmt.Fprintf(out, "%s %-24s sold %5d revenue %d.%02d stock %d\n", p.sku, p.name, p.sold,
			p.revenue/100, p.revenue%100, p.stock)
	}
}
