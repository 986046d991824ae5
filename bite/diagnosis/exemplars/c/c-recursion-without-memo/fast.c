#include <stdio.h>

#define MOD 1000000007L

// bite-exemplar: begin
// ways to climb n stairs taking 1, 2 or 3 steps at a time
static long memo[64];  // 0: not computed yet (every answer is at least 1)

static long ways(int n) {
    if (n < 0)
        return 0;
    if (n == 0)
        return 1;
    if (memo[n] == 0)
        memo[n] = (ways(n - 1) + ways(n - 2) + ways(n - 3)) % MOD;
    return memo[n];
}
// bite-exemplar: end

int main(void) {
    printf("%ld\n", ways(30));
    return 0;
}
