#include <stdio.h>
#include <stdlib.h>

// bite-exemplar: begin
// the sum, over every run of k consecutive readings, of the run's highest reading
static long long sum_of_window_peaks(const int *readings, int n, int k) {
    int *deque = malloc(sizeof *deque * (size_t) (n > 0 ? n : 1));  // indices, their readings decreasing
    int head = 0, tail = 0;
    long long total = 0;
    for (int i = 0; i < n; i++) {
        while (tail > head && readings[deque[tail - 1]] <= readings[i])
            tail--;  // never a peak again: i is higher and stays longer
        deque[tail++] = i;
        if (deque[head] <= i - k)
            head++;  // left the window
        if (i >= k - 1)
            total += readings[deque[head]];
    }
    free(deque);
    return total;
}
// bite-exemplar: end

int main(void) {
    enum { N = 300000 };
    static int readings[N];
    unsigned seed = 11;
    for (int i = 0; i < N; i++) {
        seed = seed * 1664525u + 1013904223u;
        readings[i] = (int)(seed >> 12) - 500000;
    }
    printf("%lld %lld\n", sum_of_window_peaks(readings, N, 1000), sum_of_window_peaks(readings, N, 30));
    return 0;
}
