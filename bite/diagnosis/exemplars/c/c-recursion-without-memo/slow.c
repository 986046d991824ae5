#include <stdio.h>

#define MOD 1000000007L

// bite-exemplar: begin
// ways to climb n stairs taking 1, 2 or 3 steps at a time
static long ways(int n) {
    if (n < 0)
        return 0;
    if (n == 0)
        return 1;
    return (ways(n - 1) + ways(n - 2) + ways(n - 3)) % MOD;
}
// bite-exemplar: end

int main(void) {
    printf("%ld\n", ways(30));
    return 0;
}
