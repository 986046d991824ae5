public class Stairs {
    static final long MOD = 1_000_000_007L;

    // bite-exemplar: begin
    static long ways(int steps) {
        if (steps < 0) return 0;
        if (steps == 0) return 1;
        return (ways(steps - 1) + ways(steps - 2) + ways(steps - 3)) % MOD;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        System.out.println(ways(31));
    }
}
