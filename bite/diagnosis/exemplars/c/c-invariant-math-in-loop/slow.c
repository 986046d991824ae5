#include <math.h>
#include <stdio.h>

// bite-exemplar: begin
// grow every balance by the same compound interest
static void apply_interest(double *balances, int n, double rate, double years) {
    for (int i = 0; i < n; i++)
        balances[i] *= pow(1.0 + rate, years);
}
// bite-exemplar: end

int main(void) {
    enum { N = 2000 };
    static double balances[N];
    for (int i = 0; i < N; i++) balances[i] = 100.0 + (i % 13);
    for (int month = 0; month < 13000; month++)
        apply_interest(balances, N, 1e-6 * (1 + month % 4), 0.25 + month % 3);
    double total = 0.0;
    for (int i = 0; i < N; i++) total += balances[i];
    printf("%.6e\n", total);
    return 0;
}
