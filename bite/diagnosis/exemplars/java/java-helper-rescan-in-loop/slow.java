public class Ledger {
    // bite-exemplar: begin
    static long balanceBefore(int[] amounts, int i) {
        long total = 0;
        for (int k = 0; k < i; k++) {
            total += amounts[k];
        }
        return total;
    }

    static long lowestBalance(int[] amounts) {
        long lowest = 0;
        for (int i = 0; i < amounts.length; i++) {
            lowest = Math.min(lowest, balanceBefore(amounts, i) + amounts[i]);
        }
        return lowest;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] amounts = new int[60000];
        int seed = 7;
        for (int i = 0; i < amounts.length; i++) {
            seed = seed * 1103515245 + 12345;
            amounts[i] = Integer.remainderUnsigned(seed >>> 8, 2001) - 1000;
        }
        System.out.println(lowestBalance(amounts));
    }
}
