#include <algorithm>
#include <iostream>
#include <unordered_set>
#include <vector>

// bite-exemplar: begin
int count_blocked(const std::vector<int>& orders, const std::vector<int>& blocked) {
    std::unordered_set<int> blocked_set(blocked.begin(), blocked.end());
    int count = 0;
    for (int customer : orders) {
        if (blocked_set.count(customer)) {
            count++;
        }
    }
    return count;
}
// bite-exemplar: end

int main() {
    std::vector<int> blocked, orders;
    for (int i = 0; i < 20000; i++) blocked.push_back(i * 37 % 100000);
    for (int i = 0; i < 60000; i++) orders.push_back(i * 101 % 100003);
    std::cout << count_blocked(orders, blocked) << '\n';
}
