#include <algorithm>
#include <iostream>
#include <set>
#include <vector>

// bite-exemplar: begin
long long sum_next_departures(const std::set<int>& departures, const std::vector<int>& arrivals) {
    long long total = 0;
    for (int t : arrivals) {
        auto next = std::lower_bound(departures.begin(), departures.end(), t);
        if (next != departures.end()) total += *next - t;
    }
    return total;
}
// bite-exemplar: end

int main() {
    std::set<int> departures;
    for (int i = 0; i < 6000; i++) departures.insert(i * 37 % 100003);
    std::vector<int> arrivals;
    for (int i = 0; i < 6000; i++) arrivals.push_back(i * 101 % 100003);
    std::cout << sum_next_departures(departures, arrivals) << '\n';
}
