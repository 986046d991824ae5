/* textstat: reads a text on stdin and prints its number of words, its longest word and how often each letter
   occurs (case-insensitive). */
#include <stdio.h>
#include <stdlib.h>

#include "textnorm.h"

static char *read_all(FILE *in) {
    size_t size = 0, capacity = 1 << 16;
    char *text = malloc(capacity);
    for (size_t n; text && (n = fread(text + size, 1, capacity - size - 1, in)) > 0;) {
        size += n;
        if (capacity - size - 1 == 0) {
            capacity *= 2;
            char *bigger = realloc(text, capacity);
            if (!bigger) {
                free(text);
                return NULL;
            }
            text = bigger;
        }
    }
    if (text) {
        text[size] = '\0';
    }
    return text;
}

int main(void) {
    char *text = read_all(stdin);
    if (!text) {
        fputs("textstat: out of memory\n", stderr);
        return 1;
    }
    normalize(text);
    const char *longest;
    size_t longest_len;
    size_t words = count_words(text, &longest, &longest_len);
    printf("%zu words, longest \"%.*s\"\n", words, (int)longest_len, longest);
    size_t letters[26] = {0};
    for (const char *p = text; *p; p++) {
        if (*p >= 'a' && *p <= 'z') {
            letters[*p - 'a']++;
        }
    }
    for (int i = 0; i < 26; i++) {
        printf("%c %zu\n", 'a' + i, letters[i]);
    }
    free(text);
    return 0;
}
