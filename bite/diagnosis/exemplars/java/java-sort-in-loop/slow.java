import java.util.*;

public class RunningMedian {
    // bite-exemplar: begin
    static long sumOfMedians(int[] prices) {
        List<Integer> seen = new ArrayList<>();
        long total = 0;
        for (int p : prices) {
            seen.add(p);
            Collections.sort(seen);
            total += seen.get(seen.size() / 2);
        }
        return total;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] prices = new int[16000];
        for (int i = 0; i < prices.length; i++) prices[i] = (int) ((i * 2654435761L) % 100000);
        System.out.println(sumOfMedians(prices));
    }
}
