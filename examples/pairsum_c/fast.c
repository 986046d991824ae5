#include <stdio.h>
#include <stdlib.h>

/* How many pairs i < j have a[i] + a[j] divisible by k. */
long long count_pairs(const int *a, int n, int k) {
    long long *seen = calloc(k, sizeof *seen), pairs = 0;
    for (int i = 0; i < n; i++) {
        int r = a[i] % k;
        pairs += seen[(k - r) % k];
        seen[r]++;
    }
    free(seen);
    return pairs;
}

int main(void) {
    int n, k;
    unsigned seed;
    while (scanf("%d %d %u", &n, &k, &seed) == 3) {
        int *a = malloc(sizeof *a * (n > 0 ? n : 1));
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            a[i] = (seed >> 8) % 1000000;
        }
        printf("%lld\n", count_pairs(a, n, k));
        free(a);
    }
    return 0;
}
