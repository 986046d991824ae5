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
	prices := make([]int, readInt(in))
	for i := range prices {
		prices[i] = readInt(in)
	}
	return prices
}

func readInt(in *bufio.Reader) int {
	c, _ := in.ReadByte()
	for c == ' ' || c == '\n' || c == '\r' {
		c, _ = in.ReadByte()
	}
	n, sign := 0, 1
	if c == '-' {
		sign, c = -1, '0'
	}
	for ; c >= '0' && c <= '9'; c, _ = in.ReadByte() {
		n = n*10 + int(c-'0')
	}
	return sign * n
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
