// envelope: reads a window width and then the samples of a signal on stdin, and prints the signal's upper
// envelope (the moving maximum) as runs "VALUE xCOUNT".
#include <cstdio>
#include <iostream>
#include <vector>

#include "window.hpp"

int main() {
    std::size_t width = 0;
    if (!(std::cin >> width)) {
        std::cerr << "expected a window width, then the samples\n";
        return 1;
    }
    std::vector<int> samples;
    for (int x; std::cin >> x;) {
        samples.push_back(x);
    }
    std::vector<int> envelope = window::moving_max(samples, width);
    std::printf("%zu samples, window %zu: %zu maxima\n", samples.size(), width, envelope.size());
    for (const auto& [value, count] : window::runs(envelope)) {
        std::printf("%d x%zu\n", value, count);
    }
    return 0;
}
