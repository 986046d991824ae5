#include <stdio.h>

// bite-exemplar: begin
static int is_prime(int n) {
    if (n < 2)
        return 0;
    for (int d = 2; d < n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}
// bite-exemplar: end

int main(void) {
    int count = 0;
    long sum = 0;
    for (int n = 0; n < 60000; n++)
        if (is_prime(n)) {
            count++;
            sum += n;
        }
    printf("%d %ld\n", count, sum);
    return 0;
}
