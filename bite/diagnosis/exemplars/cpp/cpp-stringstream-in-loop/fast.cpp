#include <iostream>
#include <sstream>
#include <string>
#include <vector>

// bite-exemplar: begin
long long total_digits(const std::vector<int>& amounts) {
    long long digits = 0;
    for (int amount : amounts) {
        digits += std::to_string(amount).size();
    }
    return digits;
}
// bite-exemplar: end

int main() {
    std::vector<int> amounts;
    for (int i = 0; i < 1200000; i++) amounts.push_back(i * 37 % 1000003 - 500000);
    std::cout << total_digits(amounts) << '\n';
}
