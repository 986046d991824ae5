#include <stdio.h>

#define N 40000
static int amounts[N];

// bite-exemplar: begin
static long balance_before(const int *amounts, int i) {
    long total = 0;
    for (int k = 0; k < i; k++)
        total += amounts[k];
    return total;
}

static long lowest_balance(const int *amounts, int n) {
    long lowest = 0;
    for (int i = 0; i < n; i++) {
        long balance = balance_before(amounts, i) + amounts[i];
        if (balance < lowest)
            lowest = balance;
    }
    return lowest;
}
// bite-exemplar: end

int main(void) {
    unsigned seed = 7;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        amounts[i] = (int) ((seed >> 8) % 2001) - 1000;
    }
    printf("%ld\n", lowest_balance(amounts, N));
    return 0;
}
