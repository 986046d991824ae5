#include <algorithm>
#include <iostream>
#include <vector>

// bite-exemplar: begin
// the sum, over every run of `width` consecutive prices, of the run's lowest price
long long sum_of_window_lows(const std::vector<int>& prices, int width) {
    long long total = 0;
    for (int start = 0; start + width <= (int)prices.size(); start++) {
        int low = prices[start];
        for (int i = start + 1; i < start + width; i++)
            low = std::min(low, prices[i]);
        total += low;
    }
    return total;
}
// bite-exemplar: end

int main() {
    std::vector<int> prices;
    unsigned seed = 5;
    for (int i = 0; i < 300000; i++) {
        seed = seed * 1664525u + 1013904223u;
        prices.push_back((int)(seed >> 12) - 500000);
    }
    std::cout << sum_of_window_lows(prices, 1000) << ' ' << sum_of_window_lows(prices, 30) << '\n';
}
