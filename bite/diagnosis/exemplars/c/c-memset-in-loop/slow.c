#include <stdio.h>
#include <string.h>

enum { MAX_VALUE = 1000000 };

// bite-exemplar: begin
// for each window of k readings starting at a multiple of k: how many distinct values it holds
static long distinct_per_window(const int *readings, int n, int k) {
    static char seen[MAX_VALUE];
    long total = 0;
    for (int start = 0; start + k <= n; start += k) {
        memset(seen, 0, sizeof seen);
        for (int i = start; i < start + k; i++) {
            total += !seen[readings[i]];
            seen[readings[i]] = 1;
        }
    }
    return total;
}
// bite-exemplar: end

int main(void) {
    enum { N = 360000 };
    static int readings[N];
    for (int i = 0; i < N; i++) readings[i] = (int)((i / 3 * 2654435761u) >> 8) % MAX_VALUE;
    printf("%ld %ld\n", distinct_per_window(readings, N, 20), distinct_per_window(readings, N, 50));
    return 0;
}
