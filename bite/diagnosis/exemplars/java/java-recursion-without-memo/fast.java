public class Stairs {
    static final long MOD = 1_000_000_007L;

    // bite-exemplar: begin
    static long[] memo = new long[64]; // memo[s] = ways(s) + 1 once known

    static long ways(int steps) {
        if (steps < 0) return 0;
        if (steps == 0) return 1;
        if (memo[steps] != 0) return memo[steps] - 1;
        long result = (ways(steps - 1) + ways(steps - 2) + ways(steps - 3)) % MOD;
        memo[steps] = result + 1;
        return result;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        System.out.println(ways(31));
    }
}
