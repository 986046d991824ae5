#include <stdio.h>

// bite-exemplar: begin
static void print_table(const long *values, int n) {
    for (int i = 0; i < n; i++) {
        printf("%d %ld\n", i, values[i]);
        fflush(stdout);
    }
}
// bite-exemplar: end

int main(void) {
    enum { N = 350000 };
    static long values[N];
    for (int i = 0; i < N; i++) values[i] = (long)i * i % 1000003;
    print_table(values, N);
    return 0;
}
