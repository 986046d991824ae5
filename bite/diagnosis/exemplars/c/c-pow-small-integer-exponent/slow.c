#include <math.h>
#include <stdio.h>

// bite-exemplar: begin
// the potential energy of a chain of springs with a cubic stiffening term
static double chain_energy(const double *stretch, int n, double k, double c) {
    double energy = 0.0;
    for (int i = 0; i < n; i++)
        energy += k * pow(stretch[i], 2) + c * pow(stretch[i], 4);
    return energy;
}
// bite-exemplar: end

int main(void) {
    enum { N = 1000 };
    static double stretch[N];
    for (int i = 0; i < N; i++) stretch[i] = 0.001 * (i % 97) - 0.04;
    double total = 0.0;
    for (int round = 0; round < 25000; round++)
        total += chain_energy(stretch, N, 2.0 + round % 3, 0.5);
    printf("%.6e\n", total);
    return 0;
}
