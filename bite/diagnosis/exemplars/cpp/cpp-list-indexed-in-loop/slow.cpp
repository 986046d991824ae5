#include <iostream>
#include <iterator>
#include <list>

// bite-exemplar: begin
long long sample_every(const std::list<int>& readings, int stride) {
    long long total = 0;
    for (int i = 0; i < (int)readings.size(); i += stride) {
        total += *std::next(readings.begin(), i);
    }
    return total;
}
// bite-exemplar: end

int main() {
    std::list<int> readings;
    for (int i = 0; i < 13000; i++) readings.push_back(i * 37 % 1009);
    long long total = 0;
    for (int stride = 1; stride <= 8; stride++) total += sample_every(readings, stride) * stride;
    std::cout << total << '\n';
}
