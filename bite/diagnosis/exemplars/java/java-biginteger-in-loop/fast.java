public class FactorialSum {
    // bite-exemplar: begin
    static final long MOD = 1_000_000_007L;

    static long sumOfFactorials(int n) {
        long fact = 1, total = 0; // both stay below MOD, so products fit in a long
        for (int i = 1; i <= n; i++) {
            fact = fact * i % MOD;
            total = (total + fact) % MOD;
        }
        return total;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        System.out.println(sumOfFactorials(2000000));
    }
}
