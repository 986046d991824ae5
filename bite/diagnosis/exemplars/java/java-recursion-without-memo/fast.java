public class Stairs {
    static final long MOD = 1_000_000_007L;

    // bite-exemplar: begin
    static long[] memo = new long[64];
    static boolean[] known = new boolean[64];

    static long ways(int steps) {
        if (steps < 0) return 0;
        if (steps == 0) return 1;
        if (known[steps]) return memo[steps];
        memo[steps] = (ways(steps - 1) + ways(steps - 2) + ways(steps - 3)) % MOD;
        known[steps] = true;
        return memo[steps];
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        System.out.println(ways(31));
    }
}
