#include <iostream>
#include <map>
#include <vector>

// bite-exemplar: begin
int most_frequent_count(const std::vector<int>& user_ids) {
    std::map<int, int> visits;
    int best = 0;
    for (int id : user_ids) {
        int seen = ++visits[id];
        if (seen > best) best = seen;
    }
    return best;
}
// bite-exemplar: end

int main() {
    std::vector<int> user_ids;
    unsigned state = 12345;
    for (int i = 0; i < 1000000; i++) {
        state = state * 1103515245u + 12345u;
        user_ids.push_back((state >> 8) % 50000);
    }
    std::cout << most_frequent_count(user_ids) << '\n';
}
