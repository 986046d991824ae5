#include <stdio.h>

// bite-exemplar: begin
// Every pair (i, j) moves a small amount from i to j.
void settle(double *balance, const double *rate, int n) {
    for (int i = 0; i < n; i++) {
        double mine = balance[i]; // in a register, stored back once per i
        for (int j = i + 1; j < n; j++) {
            double amount = rate[j] - rate[i];
            mine -= amount;
            balance[j] += amount;
        }
        balance[i] = mine;
    }
}
// bite-exemplar: end

int main(void) {
    enum { N = 3000 };
    static double balance[N], rate[N];
    for (int k = 0; k < N; k++) rate[k] = (double)((k * 7919L) % 1009);
    for (int round = 0; round < 12; round++) settle(balance, rate, N);
    double checksum = 0;
    for (int k = 0; k < N; k++) checksum += balance[k] * (k % 7);
    printf("%.6e\n", checksum);
    return 0;
}
