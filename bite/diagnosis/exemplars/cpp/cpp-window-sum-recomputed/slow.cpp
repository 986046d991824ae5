#include <iostream>
#include <vector>

// bite-exemplar: begin
long long best_window(const std::vector<int>& sales, int width) {
    long long best = 0;
    for (int start = 0; start + width <= (int)sales.size(); start++) {
        long long window = 0;
        for (int i = start; i < start + width; i++) {
            window += sales[i];
        }
        if (window > best) best = window;
    }
    return best;
}
// bite-exemplar: end

int main() {
    std::vector<int> sales;
    for (int i = 0; i < 200000; i++) sales.push_back(i * 7919 % 1009);
    std::cout << best_window(sales, 5000) << '\n';
}
