#include <iostream>
#include <vector>

// bite-exemplar: begin
// Ways to climb `steps` stairs taking 1, 2 or 3 at a time.
long long count_ways(int steps) {
    if (steps < 0) return 0;
    if (steps == 0) return 1;
    return count_ways(steps - 1) + count_ways(steps - 2) + count_ways(steps - 3);
}
// bite-exemplar: end

int main() {
    std::cout << count_ways(32) << '\n';
}
