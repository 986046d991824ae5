#include <stdio.h>

#define N 40000
static int amounts[N];

// bite-exemplar: begin
static long lowest_balance(const int *amounts, int n) {
    long lowest = 0, balance = 0;  /* one running balance, not the prefix summed again for every i */
    for (int i = 0; i < n; i++) {
        balance += amounts[i];
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
