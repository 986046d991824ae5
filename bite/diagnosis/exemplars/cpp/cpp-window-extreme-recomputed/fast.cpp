#include <deque>
#include <iostream>
#include <vector>

// bite-exemplar: begin
// the sum, over every run of `width` consecutive prices, of the run's lowest price
long long sum_of_window_lows(const std::vector<int>& prices, int width) {
    std::deque<int> candidates;  // indices, their prices increasing: the front is the window's low
    long long total = 0;
    for (int i = 0; i < (int)prices.size(); i++) {
        while (!candidates.empty() && prices[candidates.back()] >= prices[i])
            candidates.pop_back();  // never the low again: i is lower and stays longer
        candidates.push_back(i);
        if (candidates.front() <= i - width)
            candidates.pop_front();  // left the window
        if (i >= width - 1)
            total += prices[candidates.front()];
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
