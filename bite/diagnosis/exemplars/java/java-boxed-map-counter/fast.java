import java.util.*;

public class Histogram {
    // bite-exemplar: begin
    static int mostCommon(int[] readings) {
        int[] counts = new int[50000]; // readings are in [0, 50000)
        for (int r : readings) {
            counts[r]++;
        }
        int best = 0;
        for (int v = 0; v < counts.length; v++) {
            if (counts[v] > counts[best]) best = v;
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
