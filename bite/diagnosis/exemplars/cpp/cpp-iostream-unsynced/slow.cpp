#include <iostream>

// bite-exemplar: begin
int main() {
    int n;
    std::cin >> n;
    long long x = 0, y = 0;
    for (int i = 0; i < n; i++) {
        char move;
        std::cin >> move;
        if (move == 'L') x--; else if (move == 'R') x++; else if (move == 'U') y++; else y--;
        std::cout << x << ' ' << y << '\n';
    }
}
// bite-exemplar: end
