#include <cstdio>
#include <vector>

// bite-exemplar: begin
// Each body is pulled by every later one, and pulls it back.
void pull(std::vector<double>& force, const std::vector<double>& mass) {
    size_t n = mass.size();
    for (size_t i = 0; i < n; i++) {
        double mine = force[i]; // in a register, stored back once per i
        for (size_t j = i + 1; j < n; j++) {
            double f = mass[i] * mass[j];
            mine += f;
            force[j] -= f;
        }
        force[i] = mine;
    }
}
// bite-exemplar: end

int main() {
    std::vector<double> mass(3000), force(3000);
    for (size_t k = 0; k < mass.size(); k++) mass[k] = double((k * 7919) % 1009) / 100.0;
    for (int round = 0; round < 8; round++) pull(force, mass);
    double checksum = 0;
    for (size_t k = 0; k < force.size(); k++) checksum += force[k] * double(k % 7);
    std::printf("%.6e\n", checksum);
}
