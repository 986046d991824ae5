public class WindowPeaks {
    // bite-exemplar: begin
    // the sum, over every run of `width` consecutive readings, of the run's highest reading
    static long sumOfWindowPeaks(int[] readings, int width) {
        int[] deque = new int[readings.length];  // indices, their readings decreasing: the front is the peak
        int head = 0, tail = 0;
        long total = 0;
        for (int i = 0; i < readings.length; i++) {
            while (tail > head && readings[deque[tail - 1]] <= readings[i])
                tail--;  // never the peak again: i is higher and stays longer
            deque[tail++] = i;
            if (deque[head] <= i - width)
                head++;  // left the window
            if (i >= width - 1)
                total += readings[deque[head]];
        }
        return total;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] readings = new int[300000];
        int seed = 3;
        for (int i = 0; i < readings.length; i++) {
            seed = seed * 1664525 + 1013904223;
            readings[i] = (seed >>> 12) - 500000;
        }
        System.out.println(sumOfWindowPeaks(readings, 3000) + " " + sumOfWindowPeaks(readings, 30));
    }
}
