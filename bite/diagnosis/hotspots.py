"""Likely causes read from a profile: library and runtime functions that hold much of a run, and what
usually takes their time away. A detector (the language modules) sees a pattern in the code; a hotspot
sees where a run really spent its time, which catches what no pattern names: a Map<Integer, Integer> used
as a table, a list searched by remove(Object), a regular expression compiled per call, input read rune by
rune, a Python module whose loading outweighs the work it does. The names are the profilers' (callgrind's
demangled symbols, JFR's frames, cProfile's); the advice is the standard remedy, as in the performance rules
the detectors come from (clang-tidy performance-*, PMD, go-critic, ECO's rule descriptions).

A hotspot is a finding only when its functions hold at least MIN_SHARE of the run between them and a hot
line of the code being rewritten reaches them (its text makes the kind of call they serve): advice on
code the model is not rewriting, or that the profile cannot tie to a line, is noise to a small model."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bite.diagnosis import Detector

MIN_SHARE = 0.10  # of the run, in the hotspot's library functions together
LINE_SHARE = 0.02  # a line reaching them holds at least this much of the run


@dataclass(frozen=True)
class Hotspot:
    detector: Detector  # id, title, instruction and origin, as a detector's findings show them
    functions: re.Pattern  # the profiler's names of the library functions
    calls: re.Pattern  # a line's text that reaches them
    source: re.Pattern | None = None  # where the advice only holds for some code: the program must match


def _hotspot(id: str, languages: tuple[str, ...], title: str, instruction: str, functions: str, calls: str,
             source: str | None = None) -> Hotspot:  # fmt: skip
    found = Detector(id, languages, title, instruction, "bite (profile: time in library code)", lambda *_: ())
    return Hotspot(found, re.compile(functions), re.compile(calls), re.compile(source) if source else None)


_C_FAMILY = ("c", "cpp")
_SORT_ONCE = ("Sort once, before the loop, and reuse the sorted order (or keep the data sorted as it "
              "changes: a binary search to insert, a heap or an ordered set).")  # fmt: skip

HOTSPOTS = [
    # C and C++ (callgrind, glibc and libstdc++ symbols)
    _hotspot("c-hot-strlen", _C_FAMILY, "time in strlen",
             "Compute the length once, before the loop, and keep it in a variable: strlen walks the whole string "
             "on every call.", r"^(__)?strlen", r"strlen\s*\("),
    _hotspot("c-hot-allocation", _C_FAMILY, "time in memory allocation",
             "Allocate once, outside the loop, and reuse the memory (clear or overwrite it instead of freeing and "
             "allocating again).",
             r"^(malloc|calloc|realloc|free|cfree|_int_malloc|_int_free|_int_realloc|__libc_(malloc|free|calloc)"
             r"|malloc_consolidate|operator new|operator delete)", r"\b(malloc|calloc|realloc|free|new|delete)\b"),
    _hotspot("c-hot-stdio-input", _C_FAMILY, "time in scanf parsing input",
             "Read the input in large blocks (fread into a buffer, or getchar_unlocked) and parse the numbers by "
             "hand instead of one scanf call per value.",
             r"^(__isoc99_(f|s)?scanf|__vfscanf_internal|_IO_vfscanf|__GI___isoc99|_IO_getc|__uflow|_IO_sgetn"
             r"|____strto\w*_internal)", r"scanf\s*\(|getc\w*\s*\("),
    _hotspot("c-hot-stdio-output", _C_FAMILY, "time in printf and output",
             "Build the output in one large buffer (or print fewer, larger pieces) and write it once at the end; "
             "do not flush inside the loop.",
             r"^(printf|fprintf|puts|putchar|fflush|__printf|_IO_printf|__vfprintf_internal|_IO_vfprintf"
             r"|__printf_fp\w*|_IO_putc|_IO_(new_)?file_(xsputn|write|overflow)|__GI__IO_file_xsputn|_itoa_word"
             r"|new_do_write|__write)", r"printf\s*\(|puts\s*\(|putchar\s*\(|fflush\s*\("),
    _hotspot("c-hot-qsort", _C_FAMILY, "time in qsort", _SORT_ONCE,
             r"^(qsort|qsort_r|__qsort_r|msort_with_tmp|_quicksort)", r"qsort\s*\("),
    _hotspot("c-hot-pow", _C_FAMILY, "time in pow and other math calls",
             "Replace pow with multiplication (x * x), or keep a running power that each step multiplies once; "
             "for integers, never go through double.",
             r"^(pow|powf|__ieee754_pow\w*|__pow\w*|exp|__exp\w*|__ieee754_exp\w*|log|__log\w*)", r"\bpow\w*\s*\("),
    _hotspot("c-hot-memory-copy", _C_FAMILY, "time copying or clearing memory",
             "Do not copy or clear whole arrays inside the loop: touch only the part that changed, or swap "
             "pointers between two buffers.",
             r"^(memcpy|memmove|memset|__memmove\w*|__memcpy\w*|__memset\w*|__GI_mem\w*)",
             r"\b(memcpy|memmove|memset|strcpy|strcat|copy|fill)\s*\(|\bassign\s*\("),
    _hotspot("c-hot-strcmp", _C_FAMILY, "time comparing strings",
             "Compare fewer strings: look them up in a hash table or a sorted array with binary search, or "
             "compare a precomputed number (an index or hash) instead of the text.",
             r"^(strcmp|strncmp|__strcmp\w*|__strncmp\w*|strcasecmp|__strcasecmp\w*)", r"str(n|case)?cmp\s*\("),
    # C++ only (libstdc++)
    _hotspot("cpp-hot-ordered-container", ("cpp",), "time in std::map or std::set (a balanced tree)",
             "Use std::unordered_map or std::unordered_set (reserve them first), or a vector indexed by the key "
             "when keys are small integers: every tree lookup follows pointers through log n nodes.",
             r"std::_Rb_tree|std::map<|std::set<|std::multimap<|std::multiset<",
             r"\[|\.(find|count|insert|emplace|erase|at|lower_bound|upper_bound)\s*\("),
    _hotspot("cpp-hot-iostream", ("cpp",), "time in iostream reading or writing",
             "Put std::ios::sync_with_stdio(false); std::cin.tie(nullptr); at the start of main, and write '\\n' "
             "instead of std::endl, which flushes the output on every line.",
             r"std::(basic_)?istream|std::(basic_)?ostream|std::num_get|std::num_put|std::__ostream_insert"
             r"|std::ostream::_M_insert|std::istream::_M_extract|std::basic_filebuf|std::locale|__gnu_cxx::stdio_sync"
             r"|std::endl", r"\bcin\b|\bcout\b|\bcerr\b|<<|>>|getline\s*\("),
    _hotspot("cpp-hot-vector-growth", ("cpp",), "time growing vectors",
             "Call reserve(n) before filling a vector whose final size is known, or reuse one vector (clear() "
             "keeps its memory) instead of building a new one each time.",
             r"_M_realloc_insert|_M_realloc_append|_M_default_append|_M_fill_insert|_M_range_insert",
             r"push_back|emplace_back|resize\s*\(|insert\s*\(|vector<"),
    _hotspot("cpp-hot-string-copy", ("cpp",), "time building or copying std::string",
             "Do not copy strings in the loop: pass them by const reference (or std::string_view), append with += "
             "instead of s = s + x, and reserve the final size.",
             r"std::__cxx11::basic_string|std::basic_string|std::string::|std::operator\+",
             r"string|\+|substr\s*\(|to_string\s*\("),
    _hotspot("cpp-hot-std-sort", ("cpp",), "time in std::sort", _SORT_ONCE,
             r"std::__introsort_loop|std::__insertion_sort|std::__final_insertion_sort|std::__adjust_heap"
             r"|std::__unguarded_\w+|std::__move_median_to_first|std::__heap_select|std::__merge_(adaptive|sort)\w*|std::__stable_sort|std::sort",
             r"sort\s*\("),
    # Go (callgrind on the Go runtime and standard library)
    _hotspot("go-hot-regexp-compile", ("go",), "time compiling regular expressions",
             "Compile the regular expression once, in a package-level var (var re = regexp.MustCompile(...)), "
             "and reuse it: compiling costs far more than matching.",
             r"^regexp\.(compile|Compile|MustCompile|compileOnePass|makeOnePass|onePassCopy|mergeRuneSets)"
             r"|^regexp/syntax\.", r"regexp\.(Must)?Compile"),
    _hotspot("go-hot-fmt-scan", ("go",), "time in fmt.Scan reading input",
             "Read with a bufio.Scanner (or bufio.Reader) over os.Stdin and parse with strconv.Atoi or "
             "strings.Fields instead of fmt.Scan, which reads rune by rune through reflection.",
             r"^fmt\.(Fscan\w*|Scan\w*|Sscan\w*|\(\*ss\)|notSpace|isSpace|errorHandler)"
             r"|^bufio\.\(\*Reader\)\.(ReadRune|UnreadRune)|^fmt\.\(\*readRune\)", r"fmt\.(F|S)?[Ss]can"),
    _hotspot("go-hot-unbuffered-io", ("go",), "time in system calls for each read or write",
             "Wrap os.Stdout in a bufio.Writer (defer its Flush) and os.Stdin in a bufio.Reader, so each print "
             "or read is not a system call of its own.",
             r"^(syscall\.(Syscall\w*|RawSyscall\w*|write|read|Write|Read)|internal/poll\.\(\*FD\)\.(Write|Read)"
             r"|os\.\(\*File\)\.(write|read|Write|Read)|runtime/internal/syscall\.Syscall6)",
             r"fmt\.(Print|Fprint|Scan|Fscan)|os\.Std(out|in)|\.Write(String)?\s*\("),
    _hotspot("go-hot-string-concat", ("go",), "time concatenating strings",
             "Build the string in one strings.Builder (or append to a []byte) and convert it once at the end: "
             "s += x copies the whole string every time.",
             r"^runtime\.(concatstrings|concatstring\d|rawstring\w*)", r"\+=|\+\s"),
    _hotspot("go-hot-sort", ("go",), "time in sorting", _SORT_ONCE,
             r"^sort\.|^slices\.(Sort\w*|pdqsort\w*|insertionSort\w*|heapSort\w*)|^internal/reflectlite\.Swapper",
             r"sort\.|slices\.Sort"),
    _hotspot("go-hot-small-int-map", ("go",), "time in map lookups with integer keys",
             "The keys are integers: index a slice by the key (sized to the largest key) instead of a map, which "
             "hashes every lookup.", r"^runtime\.(mapaccess\w*|mapassign\w*|mapdelete\w*|memhash\w*|aeshash\w*)",
             r"\w+\[[^\]]+\]", r"map\[(int|int32|int64|uint|uint32|uint64|byte|rune)\]"),
    _hotspot("go-hot-slice-growth", ("go",), "time growing slices",
             "Make the slice with its final capacity (make([]T, 0, n)), or reuse one slice (s = s[:0]) instead of "
             "growing a new one each time.", r"^runtime\.growslice", r"append\s*\("),
    _hotspot("go-hot-allocation", ("go",), "time allocating memory",
             "Allocate once, outside the loop, and reuse it (s = s[:0], clear a map with a loop or reuse a "
             "buffer), so the garbage collector has less to do.",
             r"^runtime\.(mallocgc|newobject|makeslice|makemap\w*|newarray|heapBitsSetType|gcDrain\w*|scanobject"
             r"|memclrNoHeapPointers)", r"make\s*\(|new\s*\(|&\w+\{|\[\]\w+\{|append\s*\("),
    # Java (JDK Flight Recorder frames)
    _hotspot("java-hot-boxed-map", ("java",), "time in a map with boxed integer keys",
             "The keys are integers: index a plain int[] or long[] array by the key instead of a Map<Integer, ...> "
             "(mark missing entries with a sentinel), so no lookup boxes a key or hashes it.",
             r"^java\.util\.(HashMap|TreeMap|LinkedHashMap)\.|^java\.lang\.(Integer|Long|Short|Character)\."
             r"(valueOf|equals|hashCode)", r"\.(get|getOrDefault|put|containsKey|merge|compute\w*)\s*\(",
             r"Map<\s*(Integer|Long|Short|Character)\s*,"),
    _hotspot("java-hot-list-search", ("java",), "time searching a list element by element",
             "Keep the items in a HashSet (a LinkedHashSet or LinkedHashMap when their order matters, or a "
             "HashMap from item to index): List.remove(Object), indexOf and contains compare every element.",
             r"^java\.util\.(ArrayList|LinkedList|AbstractList|Vector)\.(indexOf\w*|remove\w*|contains|fastRemove"
             r"|lastIndexOf\w*)|^java\.lang\.(String|Object|Integer|Long)\.equals|^java\.util\.Objects\.equals",
             r"\.(remove|indexOf|lastIndexOf|contains)\s*\(", r"List<"),
    _hotspot("java-hot-string-copy", ("java",), "time copying strings being built",
             "Build the text in one StringBuilder (append each piece, toString once at the end): every s += x "
             "copies the whole string built so far.",
             r"^java\.lang\.(StringConcatHelper|String\.concat|StringLatin1\.(inflate|newString)|StringUTF16\.)"
             r"|^jdk\.internal\.misc\.Unsafe\.allocate\w*Array|^java\.util\.Arrays\.copyOf"
             r"|^java\.lang\.AbstractStringBuilder\.(ensureCapacity\w*|newCapacity)", r"\+=|\+\s*\"|\"\s*\+|\.concat\("),
    _hotspot("java-hot-regex", ("java",), "time compiling or running regular expressions",
             "Compile each regular expression once, into a static final Pattern, and reuse it; split on one "
             "character with indexOf or a StringTokenizer instead of String.split.",
             r"^java\.util\.regex\.", r"Pattern\.|\.(split|matches|replaceAll|replaceFirst)\s*\("),
    _hotspot("java-hot-sort", ("java",), "time in sorting", _SORT_ONCE,
             r"^java\.util\.(Arrays\.sort|Collections\.sort|TimSort|ComparableTimSort|DualPivotQuicksort"
             r"|ArrayList\.sort|List\.sort)", r"sort\s*\("),
    _hotspot("java-hot-format", ("java",), "time in String.format or printf",
             "Append the pieces with StringBuilder.append instead of String.format or printf, which parse the "
             "format string and box every argument on each call.",
             r"^java\.util\.Formatter|^java\.lang\.String\.format", r"format\s*\(|printf\s*\("),
    _hotspot("java-hot-scanner", ("java",), "time in java.util.Scanner",
             "Read with a BufferedReader and split lines with a StringTokenizer instead of Scanner, which matches "
             "a regular expression for every token.", r"^java\.util\.Scanner", r"\.(next\w*|hasNext\w*)\s*\("),
    _hotspot("java-hot-print", ("java",), "time printing line by line",
             "Collect the output in one StringBuilder (or a PrintWriter over a BufferedWriter) and print it once "
             "at the end.",
             r"^java\.io\.(PrintStream|FileOutputStream|BufferedOutputStream)\.|^sun\.nio\.cs\.StreamEncoder",
             r"System\.out\.print"),
    _hotspot("java-hot-biginteger", ("java",), "time in BigInteger arithmetic",
             "Use long arithmetic where the values fit (take the modulus at each step), and BigInteger only where "
             "they cannot.", r"^java\.math\.(BigInteger|MutableBigInteger)", r"BigInteger|\.(add|multiply|mod)\s*\("),
    # Python (cProfile): the import machinery, while a module and its extensions load
    _hotspot("py-hot-import", ("python",), "time loading an imported module",
             "Loading this module takes more of the run than the work it is used for: do that work in plain Python "
             "(lists, dicts, and the standard library: math, heapq, bisect, collections) and drop the import.",
             r"^<built-in method (marshal\.loads|_imp\.\w+|posix\.(stat|lstat|listdir))>|^<frozen importlib",
             r"^\s*(from\s+[\w.]+\s+)?import\s"),
]  # fmt: skip


def hotspots(language: str) -> list[Hotspot]:
    return [h for h in HOTSPOTS if language in h.detector.languages]


def hot_library(profile, language: str, source: str, lines: list) -> list[tuple[Hotspot, tuple[int, ...], float]]:
    """(hotspot, the lines reaching it, its share of the run) for each hotspot of `language` whose library
    functions hold MIN_SHARE of the profiled run and that one of `lines` (bite.profiling.LineCost, the hot
    lines of the code in question) reaches; by share, highest first."""
    library = [f for f in profile.functions if not f.in_source]
    found = []
    for spot in hotspots(language):
        share = sum(f.self_share for f in library if spot.functions.search(f.name))
        if share < MIN_SHARE or (spot.source is not None and not spot.source.search(source)):
            continue
        reaching = tuple(sorted(c.line for c in lines if c.share >= LINE_SHARE and spot.calls.search(c.text)))
        if reaching:
            found.append((spot, reaching, share))
    return sorted(found, key=lambda f: -f[2])
