import java.util.*;

public class PeakPrice {
    // bite-exemplar: begin
    static long sumOfPeaks(int[] prices) {
        int peak = Integer.MIN_VALUE; // the running maximum, updated per item
        long total = 0;
        for (int p : prices) {
            peak = Math.max(peak, p);
            total += peak;
        }
        return total;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] prices = new int[34000];
        for (int i = 0; i < prices.length; i++) prices[i] = (int) ((i * 2654435761L) % 1000003);
        System.out.println(sumOfPeaks(prices));
    }
}
