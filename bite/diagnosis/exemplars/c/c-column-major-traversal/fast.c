#include <stdio.h>

enum { ROWS = 2048, COLS = 1024 };
static float image[ROWS][COLS];

// bite-exemplar: begin
// scale and offset every pixel in place
static void adjust(float pixels[ROWS][COLS], float gain, float offset) {
    for (int row = 0; row < ROWS; row++)  // row by row: C stores a row's pixels side by side
        for (int col = 0; col < COLS; col++)
            pixels[row][col] = pixels[row][col] * gain + offset;
}
// bite-exemplar: end

int main(void) {
    for (int r = 0; r < ROWS; r++)
        for (int c = 0; c < COLS; c++) image[r][c] = (float)((r + c) & 255);
    for (int pass = 0; pass < 30; pass++) adjust(image, 0.5f, 1.0f);
    double total = 0.0;
    for (int r = 0; r < ROWS; r += 8)
        for (int c = 0; c < COLS; c++) total += image[r][c];
    printf("%.4f\n", total);
    return 0;
}
