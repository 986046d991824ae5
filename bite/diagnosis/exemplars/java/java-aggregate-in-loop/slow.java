import java.util.*;

public class PeakPrice {
    // bite-exemplar: begin
    static long sumOfPeaks(int[] prices) {
        List<Integer> seen = new ArrayList<>();
        long total = 0;
        for (int p : prices) {
            seen.add(p);
            total += Collections.max(seen);
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
