#include <iostream>
#include <vector>

// bite-exemplar: begin
void print_squares(const std::vector<long long>& values) {
    for (long long v : values) {
        std::cout << v << ' ' << v * v << '\n';
    }
}
// bite-exemplar: end

int main() {
    std::vector<long long> values;
    for (long long i = 0; i < 300000; i++) values.push_back(i * 7 % 100003);
    print_squares(values);
}
