package main

import (
	"fmt"
	"os"
)

// bite-exemplar: begin
func formatRow(buf []byte, row []int) []byte {
	for j, v := range row {
		if j > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, fmt.Sprintf("%d", v)...)
	}
	return append(buf, '\n')
}

// bite-exemplar: end

func main() {
	row := make([]int, 1000)
	var buf []byte
	total := 0
	for r := 0; r < 5000; r++ {
		for j := range row {
			row[j] = (r*7919 + j*104729) % 1000
		}
		buf = formatRow(buf[:0], row)
		total += len(buf)
	}
	os.Stdout.Write(buf[len(buf)-40:])
	fmt.Println(total)
}
