#include "window.hpp"

#include <algorithm>

namespace window {

std::vector<int> moving_max(const std::vector<int>& xs, std::size_t width) {
    std::vector<int> out;
    if (width == 0 || width > xs.size()) {
        return out;
    }
    out.reserve(xs.size() - width + 1);
    for (std::size_t end = width; end <= xs.size(); ++end) {
        out.push_back(*std::max_element(xs.begin() + (end - width), xs.begin() + end));
    }
    return out;
}

std::vector<std::pair<int, std::size_t>> runs(const std::vector<int>& xs) {
    std::vector<std::pair<int, std::size_t>> out;
    for (int x : xs) {
        if (!out.empty() && out.back().first == x) {
            ++out.back().second;
        } else {
            out.emplace_back(x, 1);
        }
    }
    return out;
}

}  // namespace window
