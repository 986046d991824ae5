#include <algorithm>
#include <cstdio>
#include <vector>

// bite-exemplar: begin
static long balance_before(const std::vector<int> &amounts, size_t i) {
    long total = 0;
    for (size_t k = 0; k < i; k++)
        total += amounts[k];
    return total;
}

static long lowest_balance(const std::vector<int> &amounts) {
    long lowest = 0;
    for (size_t i = 0; i < amounts.size(); i++)
        lowest = std::min(lowest, balance_before(amounts, i) + amounts[i]);
    return lowest;
}
// bite-exemplar: end

int main() {
    std::vector<int> amounts(40000);
    unsigned seed = 7;
    for (int &amount : amounts) {
        seed = seed * 1103515245u + 12345u;
        amount = static_cast<int>((seed >> 8) % 2001) - 1000;
    }
    std::printf("%ld\n", lowest_balance(amounts));
}
