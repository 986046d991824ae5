#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// bite-exemplar: begin
// the sum of the running medians: after each new value, the median of all so far
static long running_medians(const int *values, int n, int *seen) {
    long total = 0;
    for (int i = 0; i < n; i++) {
        int lo = 0, hi = i;  // binary search: where values[i] goes in the sorted prefix
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (seen[mid] <= values[i]) lo = mid + 1; else hi = mid;
        }
        memmove(seen + lo + 1, seen + lo, (i - lo) * sizeof *seen);
        seen[lo] = values[i];
        total += seen[(i + 1) / 2];
    }
    return total;
}
// bite-exemplar: end

int main(void) {
    enum { N = 6000 };
    static int values[N], seen[N];
    unsigned seed = 99;
    for (int i = 0; i < N; i++) {
        seed = seed * 1664525u + 1013904223u;
        values[i] = (int)(seed >> 12);
    }
    printf("%ld\n", running_medians(values, N, seen));
    return 0;
}
