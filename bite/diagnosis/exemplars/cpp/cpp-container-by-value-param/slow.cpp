#include <iostream>
#include <vector>

// bite-exemplar: begin
bool contains_sorted(std::vector<int> sorted_ids, int id) {
    int lo = 0, hi = (int)sorted_ids.size() - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (sorted_ids[mid] == id) return true;
        if (sorted_ids[mid] < id) lo = mid + 1; else hi = mid - 1;
    }
    return false;
}
// bite-exemplar: end

int main() {
    std::vector<int> sorted_ids;
    for (int i = 0; i < 100000; i++) sorted_ids.push_back(i * 3);
    int found = 0;
    for (int q = 0; q < 30000; q++) found += contains_sorted(sorted_ids, q * 7 % 300007);
    std::cout << found << '\n';
}
