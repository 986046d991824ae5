#include <ctype.h>
#include <stdio.h>
#include <string.h>

// bite-exemplar: begin
static void capitalize_words(char *text) {
    size_t length = strlen(text);
    for (size_t i = 0; i < length; i++) {
        if (i == 0 || text[i - 1] == ' ')
            text[i] = (char)toupper((unsigned char)text[i]);
    }
}
// bite-exemplar: end

int main(void) {
    static char text[200001];
    unsigned seed = 12345;
    for (int i = 0; i < 200000; i++) {
        seed = seed * 1103515245u + 12345u;
        text[i] = (seed >> 16) % 6 == 0 ? ' ' : (char)('a' + (seed >> 8) % 26);
    }
    capitalize_words(text);
    unsigned long hash = 0;
    for (int i = 0; text[i]; i++)
        hash = hash * 31 + (unsigned char)text[i];
    printf("%.40s %lu\n", text, hash);
    return 0;
}
