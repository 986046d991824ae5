#include <stdio.h>
#include <stdlib.h>

// bite-exemplar: begin
static int count_known(const int *ids, int n, const int *queries, int q) {
    int hits = 0;
    for (int i = 0; i < q; i++) {
        for (int j = 0; j < n; j++) {
            if (ids[j] == queries[i]) {
                hits++;
                break;
            }
        }
    }
    return hits;
}
// bite-exemplar: end

int main(void) {
    enum { N = 35000, Q = 35000 };
    static int ids[N], queries[Q];
    for (int i = 0; i < N; i++) ids[i] = (int)((i * 7919L) % 1000003);
    for (int i = 0; i < Q; i++) queries[i] = (int)((i * 104729L) % 1000003);
    printf("%d\n", count_known(ids, N, queries, Q));
    return 0;
}
