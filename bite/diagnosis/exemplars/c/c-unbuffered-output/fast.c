#include <stdio.h>

// bite-exemplar: begin
static void print_digit_sums(int n) {
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);  // a large buffer: one write(2) per 64 KiB
    for (int i = 1; i <= n; i++) {
        int sum = 0;
        for (int x = i; x > 0; x /= 10)
            sum += x % 10;
        printf("%d %d\n", i, sum);
    }
}
// bite-exemplar: end

int main(void) {
    print_digit_sums(300000);
    return 0;
}
