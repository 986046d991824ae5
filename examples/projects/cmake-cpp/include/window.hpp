// Sliding-window statistics over a signal.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace window {

// The maximum of each window of `width` consecutive samples, in order: xs.size() - width + 1 values
// (none when width is 0 or larger than the signal).
std::vector<int> moving_max(const std::vector<int>& xs, std::size_t width);

// Runs of equal values: (value, how many times in a row), in order.
std::vector<std::pair<int, std::size_t>> runs(const std::vector<int>& xs);

}  // namespace window
