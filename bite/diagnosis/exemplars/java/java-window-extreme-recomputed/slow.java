public class WindowPeaks {
    // bite-exemplar: begin
    // the sum, over every run of `width` consecutive readings, of the run's highest reading
    static long sumOfWindowPeaks(int[] readings, int width) {
        long total = 0;
        for (int start = 0; start + width <= readings.length; start++) {
            int peak = readings[start];
            for (int i = start + 1; i < start + width; i++)
                if (readings[i] > peak)
                    peak = readings[i];
            total += peak;
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
