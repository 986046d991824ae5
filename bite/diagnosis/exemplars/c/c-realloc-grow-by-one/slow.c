#include <stdio.h>
#include <stdlib.h>

typedef struct {
    int *items;
    size_t count;
} IntList;

// bite-exemplar: begin
static void push(IntList *list, int value) {
    list->items = realloc(list->items, (list->count + 1) * sizeof *list->items);
    list->items[list->count++] = value;
}
// bite-exemplar: end

int main(void) {
    enum { NODES = 300, EDGES = 3000000 };
    static IntList neighbours[NODES];
    for (int e = 0; e < EDGES; e++)
        push(&neighbours[e % NODES], (int)((e * 2654435761u) >> 20));
    long total = 0;
    for (int v = 0; v < NODES; v++) {
        total += (long)neighbours[v].count * neighbours[v].items[neighbours[v].count - 1];
        free(neighbours[v].items);
    }
    printf("%ld\n", total);
    return 0;
}
