import java.util.*;

public class Histogram {
    // bite-exemplar: begin
    static int mostCommon(int[] readings) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int r : readings) {
            counts.put(r, counts.getOrDefault(r, 0) + 1);
        }
        int best = 0;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (e.getValue() > counts.getOrDefault(best, 0)) best = e.getKey();
        }
        return best;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] readings = new int[3000000];
        long x = 12345;
        for (int i = 0; i < readings.length; i++) {
            x = (x * 1103515245 + 12345) & 0x7fffffffL;
            readings[i] = (int) (x % 50000);
        }
        System.out.println(mostCommon(readings));
    }
}
