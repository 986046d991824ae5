public class Ledger {
    // bite-exemplar: begin
    static long lowestBalance(int[] amounts) {
        long lowest = 0, balance = 0; // one running balance, not the prefix summed again for every i
        for (int amount : amounts) {
            balance += amount;
            lowest = Math.min(lowest, balance);
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
