#include <stdio.h>

enum { SLOTS = 100000, EVENTS = 5000 };
static int parked[SLOTS];

// bite-exemplar: begin
// after each arrival or departure, how many slots are taken; the most at any time
static int busiest(const int *slot, const int *arrives, int events) {
    int most = 0, taken = 0;
    for (int j = 0; j < SLOTS; j++)
        taken += parked[j] > 0;
    for (int e = 0; e < events; e++) {
        int before = parked[slot[e]] > 0;
        parked[slot[e]] += arrives[e] ? 1 : -1;
        taken += (parked[slot[e]] > 0) - before;  // only this slot changed
        if (taken > most)
            most = taken;
    }
    return most;
}
// bite-exemplar: end

int main(void) {
    static int slot[EVENTS], arrives[EVENTS];
    unsigned seed = 11;
    for (int e = 0; e < EVENTS; e++) {
        seed = seed * 1664525u + 1013904223u;
        slot[e] = (int)(seed >> 8) % 500;
        arrives[e] = parked[slot[e]] == 0 || (seed >> 4) % 3 != 0;
        parked[slot[e]] += arrives[e] ? 1 : -1;
    }
    for (int j = 0; j < SLOTS; j++)
        parked[j] = 0;
    printf("%d\n", busiest(slot, arrives, EVENTS));
    return 0;
}
