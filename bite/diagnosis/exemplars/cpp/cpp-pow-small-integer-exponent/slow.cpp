#include <cmath>
#include <iostream>
#include <vector>

// bite-exemplar: begin
long long total_volume(const std::vector<int>& sides) {
    long long total = 0;
    for (int side : sides) {
        total += (long long)std::pow(side, 3);
    }
    return total;
}
// bite-exemplar: end

int main() {
    std::vector<int> sides;
    for (int i = 0; i < 1000000; i++) sides.push_back(i % 1013 + i % 7);
    long long total = 0;
    for (int day = 0; day < 20; day++) total += total_volume(sides) % 1000003 * (day + 1);
    std::cout << total << '\n';
}
