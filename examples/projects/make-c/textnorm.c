#include "textnorm.h"

#include <ctype.h>
#include <string.h>

void normalize(char *s) {
    for (size_t i = 0; i < strlen(s); i++) {
        unsigned char c = (unsigned char)s[i];
        s[i] = isalnum(c) ? (char)tolower(c) : ' ';
    }
}

size_t count_words(const char *s, const char **longest, size_t *longest_len) {
    size_t words = 0;
    *longest = s;
    *longest_len = 0;
    while (*s) {
        while (*s == ' ') {
            s++;
        }
        const char *start = s;
        while (*s && *s != ' ') {
            s++;
        }
        if (s > start) {
            words++;
            if ((size_t)(s - start) > *longest_len) {
                *longest = start;
                *longest_len = (size_t)(s - start);
            }
        }
    }
    return words;
}
