/* Text normalisation and counting for textstat. */
#ifndef TEXTNORM_H
#define TEXTNORM_H

#include <stddef.h>

/* Lowercases the ASCII letters of s in place and turns every character but letters and digits into a space. */
void normalize(char *s);

/* The number of space-separated words in s; *longest and *longest_len get the first longest one. */
size_t count_words(const char *s, const char **longest, size_t *longest_len);

#endif
