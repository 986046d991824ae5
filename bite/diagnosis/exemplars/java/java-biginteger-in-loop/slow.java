import java.math.BigInteger;

public class FactorialSum {
    // bite-exemplar: begin
    static final BigInteger MOD = BigInteger.valueOf(1_000_000_007L);

    static long sumOfFactorials(int n) {
        BigInteger fact = BigInteger.ONE, total = BigInteger.ZERO;
        for (int i = 1; i <= n; i++) {
            fact = fact.multiply(BigInteger.valueOf(i)).mod(MOD);
            total = total.add(fact).mod(MOD);
        }
        return total.longValue();
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        System.out.println(sumOfFactorials(2000000));
    }
}
