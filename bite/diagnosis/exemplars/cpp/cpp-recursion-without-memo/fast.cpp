#include <iostream>
#include <vector>

// bite-exemplar: begin
// Ways to climb `steps` stairs taking 1, 2 or 3 at a time.
long long count_ways(int steps, std::vector<long long>& memo) {
    if (steps < 0) return 0;
    if (steps == 0) return 1;
    if (memo[steps] != -1) return memo[steps];
    return memo[steps] = count_ways(steps - 1, memo) + count_ways(steps - 2, memo) + count_ways(steps - 3, memo);
}
// bite-exemplar: end

int main() {
    std::vector<long long> memo(33, -1);
    std::cout << count_ways(32, memo) << '\n';
}
