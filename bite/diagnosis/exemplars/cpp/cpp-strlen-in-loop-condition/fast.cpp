#include <cstring>
#include <iostream>
#include <string>

// bite-exemplar: begin
int shout(char* text) {
    int changed = 0;
    std::size_t length = std::strlen(text);
    for (std::size_t i = 0; i < length; i++) {
        if (text[i] >= 'a' && text[i] <= 'z') {
            text[i] = text[i] - 'a' + 'A';
            changed++;
        }
    }
    return changed;
}
// bite-exemplar: end

int main() {
    std::string message;
    for (int i = 0; i < 160000; i++) message += char(i % 3 == 0 ? ' ' : 'a' + i % 26);
    int changed = shout(&message[0]);
    unsigned long long hash = 0;
    for (char c : message) hash = hash * 131 + (unsigned char)c;
    std::cout << changed << ' ' << hash << '\n';
}
