#include <iostream>
#include <vector>

// bite-exemplar: begin
void drop_expired(std::vector<int>& deadlines, int now) {
    for (auto it = deadlines.begin(); it != deadlines.end();) {
        if (*it < now) {
            it = deadlines.erase(it);
        } else {
            ++it;
        }
    }
}
// bite-exemplar: end

int main() {
    std::vector<int> deadlines;
    for (int i = 0; i < 140000; i++) deadlines.push_back(i * 7919 % 200003);
    drop_expired(deadlines, 100000);
    long long sum = 0;
    for (int d : deadlines) sum += d;
    std::cout << deadlines.size() << ' ' << sum << '\n';
}
