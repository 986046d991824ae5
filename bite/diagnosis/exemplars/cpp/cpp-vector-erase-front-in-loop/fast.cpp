#include <deque>
#include <iostream>
#include <vector>

// bite-exemplar: begin
long long process_jobs(const std::vector<int>& arrivals) {
    std::deque<int> pending(arrivals.begin(), arrivals.end());
    long long checksum = 0;
    while (!pending.empty()) {
        int job = pending.front();
        pending.pop_front();
        checksum = checksum * 31 + job;
        if (job % 5 == 0) pending.push_back(job / 5);
    }
    return checksum;
}
// bite-exemplar: end

int main() {
    std::vector<int> arrivals;
    for (int i = 1; i <= 90000; i++) arrivals.push_back(i * 7919 % 100003);
    std::cout << process_jobs(arrivals) << '\n';
}
