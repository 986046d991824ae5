package main

import "fmt"

// bite-exemplar: begin
func rowSums(cells []float64, sums []float64, cols int) {
	for i := range sums {
		sum := 0.0 // in a register, stored once per row
		for j := 0; j < cols; j++ {
			sum += cells[i*cols+j]
		}
		sums[i] = sum
	}
}

// bite-exemplar: end

func main() {
	rows, cols := 300, 300
	cells := make([]float64, rows*cols)
	for k := range cells {
		cells[k] = float64((k*7919)%1009)
	}
	sums := make([]float64, rows)
	var checksum float64
	for round := 0; round < 1500; round++ {
		cells[round%len(cells)] += float64(round)
		rowSums(cells, sums, cols)
		checksum += sums[round%rows]
	}
	fmt.Println(checksum)
}
