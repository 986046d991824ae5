#include <algorithm>
#include <cstdio>
#include <vector>

// bite-exemplar: begin
static long lowest_balance(const std::vector<int> &amounts) {
    long lowest = 0, balance = 0;  // one running balance, not the prefix summed again for every i
    for (int amount : amounts) {
        balance += amount;
        lowest = std::min(lowest, balance);
    }
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
