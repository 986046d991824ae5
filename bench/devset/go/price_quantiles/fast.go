package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
)

type listing struct {
	id    int
	price int // cents
}

// sortedPrices returns the listing prices in ascending order, leaving the listings as they are.
func sortedPrices(listings []listing) []int {
	prices := make([]int, len(listings))
	for i, l := range listings {
		prices[i] = l.price
	}
	sort.Ints(prices)
	return prices
}

// rankOf is the share of listings priced at or below price, in percent.
func rankOf(prices []int, price int) float64 {
	atOrBelow := sort.Search(len(prices), func(i int) bool { return prices[i] > price })
	return float64(atOrBelow) * 100 / float64(len(prices))
}

// quantile is the nearest-rank p-th percentile price.
func quantile(prices []int, p int) int {
	rank := (p*len(prices) + 99) / 100
	if rank < 1 {
		rank = 1
	}
	return prices[rank-1]
}

func cents(c int) string {
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()

	var n int
	fmt.Fscan(in, &n)
	listings := make([]listing, n)
	total := 0
	for i := range listings {
		fmt.Fscan(in, &listings[i].id, &listings[i].price)
		total += listings[i].price
	}
	fmt.Fprintf(out, "listings %d, mean %s, first %s (#%d), latest %s (#%d)\n", n, cents(total/n),
		cents(listings[0].price), listings[0].id, cents(listings[n-1].price), listings[n-1].id)

	prices := sortedPrices(listings)
	var q int
	fmt.Fscan(in, &q)
	for ; q > 0; q-- {
		var kind string
		var value int
		fmt.Fscan(in, &kind, &value)
		switch kind {
		case "rank":
			fmt.Fprintf(out, "rank %s: %.3f%%\n", cents(value), rankOf(prices, value))
		case "quantile":
			fmt.Fprintf(out, "p%d: %s\n", value, cents(quantile(prices, value)))
		default:
			fmt.Fprintf(out, "unknown query %q\n", kind)
		}
	}
}
