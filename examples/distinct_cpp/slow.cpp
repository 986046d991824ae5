#include <cstdio>
#include <vector>

// How many distinct values the sequence holds.
int count_distinct(const std::vector<int> &values) {
    int distinct = 0;
    for (size_t i = 0; i < values.size(); i++) {
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            if (values[j] == values[i]) { seen = true; break; }
        if (!seen) distinct++;
    }
    return distinct;
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
