#include <iostream>
#include <string>
#include <vector>

// bite-exemplar: begin
int count_with_initial(const std::vector<std::string>& names, char initial) {
    int count = 0;
    for (std::string name : names) {
        if (name[0] == initial) count++;
    }
    return count;
}
// bite-exemplar: end

int main() {
    std::vector<std::string> names;
    for (int i = 0; i < 25000; i++) {
        std::string name(40 + i % 23, 'a');
        for (std::size_t j = 0; j < name.size(); j++) name[j] = char('a' + (i * 31 + j * 7) % 26);
        names.push_back(name);
    }
    long long total = 0;
    for (int q = 0; q < 400; q++) total += count_with_initial(names, char('a' + q % 26)) * (q % 7 + 1);
    std::cout << total << '\n';
}
