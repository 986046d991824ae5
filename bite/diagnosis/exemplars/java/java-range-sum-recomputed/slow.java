public class MovingAverage {
    // bite-exemplar: begin
    static long bestWindow(int[] sales, int width) {
        long best = Long.MIN_VALUE;
        for (int start = 0; start + width <= sales.length; start++) {
            long sum = 0;
            for (int i = start; i < start + width; i++) {
                sum += sales[i];
            }
            best = Math.max(best, sum);
        }
        return best;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] sales = new int[200000];
        for (int i = 0; i < sales.length; i++) sales[i] = (i * 7919) % 1000 - 500;
        System.out.println(bestWindow(sales, 5000));
    }
}
