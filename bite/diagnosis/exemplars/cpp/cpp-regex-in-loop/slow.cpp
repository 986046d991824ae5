#include <iostream>
#include <regex>
#include <string>
#include <vector>

// bite-exemplar: begin
int count_valid_codes(const std::vector<std::string>& codes) {
    int valid = 0;
    for (const std::string& code : codes) {
        std::regex pattern("[A-Z]{2}[0-9]{4}");
        if (std::regex_match(code, pattern)) valid++;
    }
    return valid;
}
// bite-exemplar: end

int main() {
    std::vector<std::string> codes;
    for (int i = 0; i < 5000; i++) {
        std::string code = {char('A' + i % 26), char(i % 7 == 0 ? '7' : 'A' + i % 13)};
        code += std::to_string(1000 + i % 9000 * (i % 5 == 0 ? 10 : 1));
        codes.push_back(code);
    }
    std::cout << count_valid_codes(codes) << '\n';
}
