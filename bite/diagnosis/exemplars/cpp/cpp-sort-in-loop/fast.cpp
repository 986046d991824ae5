#include <algorithm>
#include <iostream>
#include <vector>

// bite-exemplar: begin
long long sum_of_running_medians(const std::vector<int>& scores) {
    std::vector<int> sorted;
    long long total = 0;
    for (int score : scores) {
        sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), score), score);
        total += sorted[sorted.size() / 2];
    }
    return total;
}
// bite-exemplar: end

int main() {
    std::vector<int> scores;
    for (int i = 0; i < 5000; i++) scores.push_back(i * 7919 % 10007);
    std::cout << sum_of_running_medians(scores) << '\n';
}
