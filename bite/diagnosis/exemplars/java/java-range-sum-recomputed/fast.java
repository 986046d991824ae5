public class MovingAverage {
    // bite-exemplar: begin
    static long bestWindow(int[] sales, int width) {
        long sum = 0;
        for (int i = 0; i < width && i < sales.length; i++) sum += sales[i];
        long best = width <= sales.length ? sum : Long.MIN_VALUE;
        for (int start = 1; start + width <= sales.length; start++) {
            sum += sales[start + width - 1] - sales[start - 1]; // slide the window by one
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
