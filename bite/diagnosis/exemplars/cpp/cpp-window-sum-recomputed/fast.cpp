#include <iostream>
#include <vector>

// bite-exemplar: begin
long long best_window(const std::vector<int>& sales, int width) {
    long long best = 0, window = 0;
    for (int i = 0; i < (int)sales.size(); i++) {
        window += sales[i];
        if (i >= width) window -= sales[i - width];
        if (i >= width - 1 && window > best) best = window;
    }
    return best;
}
// bite-exemplar: end

int main() {
    std::vector<int> sales;
    for (int i = 0; i < 200000; i++) sales.push_back(i * 7919 % 1009);
    std::cout << best_window(sales, 5000) << '\n';
}
