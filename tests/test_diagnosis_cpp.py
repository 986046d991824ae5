"""C++ detector rules that look at the whole file, which a positive/negative fixture pair cannot show."""

from bite.diagnosis import diagnose

SUM_OF_INPUT = """#include <cstdio>
#include <iostream>

int main() {
    int n;
    std::cin >> n;
    long long total = 0;
    for (int i = 0; i < n; i++) {
        long long x;
        std::cin >> x;
        total += x;
    }
    std::cout << total << '\\n';
}
"""


def _flagged(source: str, detector_id: str) -> set[int]:
    return {line for f in diagnose(source, "cpp") if f.detector.id == detector_id for line in f.lines}


def test_cin_in_a_loop_without_sync_with_stdio_is_flagged():
    assert _flagged(SUM_OF_INPUT, "cpp-iostream-unsynced") == {10}


def test_cin_mixed_with_c_stdio_is_left_alone():
    # unsyncing would let printf and std::cout (or scanf and std::cin) overtake each other
    mixed = SUM_OF_INPUT.replace("std::cout << total << '\\n';", 'printf("%lld\\n", total);')
    assert _flagged(mixed, "cpp-iostream-unsynced") == set()


def test_cin_after_sync_with_stdio_false_is_left_alone():
    synced = SUM_OF_INPUT.replace("    int n;\n", "    std::ios::sync_with_stdio(false);\n    int n;\n")
    assert _flagged(synced, "cpp-iostream-unsynced") == set()
