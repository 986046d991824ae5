#include <stdio.h>

// bite-exemplar: begin
// the sum, over every run of k consecutive readings, of the run's highest reading
static long long sum_of_window_peaks(const int *readings, int n, int k) {
    long long total = 0;
    for (int start = 0; start + k <= n; start++) {
        int peak = readings[start];
        for (int j = start + 1; j < start + k; j++)
            if (readings[j] > peak)
                peak = readings[j];
        total += peak;
    }
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
