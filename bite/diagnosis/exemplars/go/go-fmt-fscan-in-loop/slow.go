package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
)

// bite-exemplar: begin
func readPrices(r io.Reader) []int {
	in := bufio.NewReader(r)
	var n int
	fmt.Fscan(in, &n)
	prices := make([]int, n)
	for i := range prices {
		fmt.Fscan(in, &prices[i])
	}
	return prices
}

// bite-exemplar: end

func main() {
	const n = 1000000
	var block []byte
	for i := 0; i < 1000; i++ {
		block = strconv.AppendInt(block, int64((i*7919)%100003), 10)
		block = append(block, ' ')
	}
	data := append([]byte(fmt.Sprintln(n)), bytes.Repeat(block, n/1000)...)
	prices := readPrices(bytes.NewReader(data))
	best, low := 0, prices[0]
	for _, p := range prices {
		if p-low > best {
			best = p - low
		}
		if p < low {
			low = p
		}
	}
	fmt.Println(len(prices), best)
}
