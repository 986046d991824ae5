package main

import (
	"fmt"
	"strconv"
)

var free [][]byte // buffers ready for reuse

func getBuffer() []byte {
	if len(free) == 0 {
		return make([]byte, 0, 512)
	}
	buf := free[len(free)-1]
	free = free[:len(free)-1]
	return buf
}

func putBuffer(buf []byte) { free = append(free, buf[:0]) }

// bite-exemplar: begin
func checksum(records [][]byte) uint32 {
	var sum uint32
	for _, rec := range records {
		buf := getBuffer()
		defer putBuffer(buf)
		buf = append(buf, rec...)
		for _, c := range buf {
			sum = sum*31 + uint32(c)
		}
	}
	return sum
}

// bite-exemplar: end

func main() {
	records := make([][]byte, 250000)
	for i := range records {
		records[i] = strconv.AppendInt(nil, int64(i*7919%100003), 10)
	}
	fmt.Println(checksum(records), checksum(records[:1000]))
}
