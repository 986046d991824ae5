// Plain asserts, run by ctest (no test framework needed).
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "window.hpp"

static int failures = 0;

static void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "FAILED: %s\n", what);
        ++failures;
    }
}

int main() {
    using window::moving_max;
    check(moving_max({1, 3, 2, 5, 4, 1}, 3) == std::vector<int>{3, 5, 5, 5}, "width 3");
    check(moving_max({4, 2, 7}, 1) == std::vector<int>{4, 2, 7}, "width 1 is the signal");
    check(moving_max({4, 2, 7}, 3) == std::vector<int>{7}, "width of the whole signal");
    check(moving_max({4, 2, 7}, 4).empty(), "wider than the signal");
    check(moving_max({4, 2, 7}, 0).empty(), "width 0");
    check(moving_max({-5, -9, -7}, 2) == std::vector<int>{-5, -7}, "negative samples");

    std::mt19937 rng(3);
    std::vector<int> xs(3000);
    for (int& x : xs) {
        x = static_cast<int>(rng() % 1000) - 500;
    }
    for (std::size_t width : {2u, 17u, 400u}) {
        std::vector<int> got = moving_max(xs, width);
        bool same = got.size() == xs.size() - width + 1;
        for (std::size_t i = 0; same && i < got.size(); ++i) {
            int best = xs[i];
            for (std::size_t j = i; j < i + width; ++j) {
                best = xs[j] > best ? xs[j] : best;
            }
            same = got[i] == best;
        }
        check(same, "random signal against a direct maximum");
    }

    using Runs = std::vector<std::pair<int, std::size_t>>;
    check(window::runs({2, 2, 3, 2}) == Runs{{2, 2}, {3, 1}, {2, 1}}, "runs");
    if (failures == 0) {
        std::puts("all passed");
    }
    return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
