#include <iostream>
#include <string>
#include <vector>

// bite-exemplar: begin
std::string to_csv(const std::vector<int>& values) {
    std::string line;
    for (int v : values) {
        line = line + std::to_string(v) + ",";
    }
    return line;
}
// bite-exemplar: end

int main() {
    std::vector<int> values;
    for (int i = 0; i < 20000; i++) values.push_back(i * 7919 % 100003);
    std::string line = to_csv(values);
    unsigned long long hash = 0;
    for (char c : line) hash = hash * 131 + (unsigned char)c;
    std::cout << line.size() << ' ' << hash << '\n';
}
