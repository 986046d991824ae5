#include <algorithm>
#include <cstdio>
#include <vector>

// How many distinct values the sequence holds.
int count_distinct(const std::vector<int> &values) {
    std::vector<int> sorted(values);
    std::sort(sorted.begin(), sorted.end());
    return std::unique(sorted.begin(), sorted.end()) - sorted.begin();
}

int main() {
    int n, range;
    unsigned seed;
    while (std::scanf("%d %d %u", &n, &range, &seed) == 3) {
        std::vector<int> values(n);
        for (int &v : values) {
            seed = seed * 1103515245u + 12345u;
            v = (seed >> 8) % range;
        }
        std::printf("%d\n", count_distinct(values));
    }
}
