public class DistinctInWindows {
    static final int MAX_VALUE = 1 << 18;

    // bite-exemplar: begin
    static long distinctPerWindow(int[] values, int width) {
        long total = 0;
        for (int start = 0; start + width <= values.length; start++) {
            boolean[] seen = new boolean[MAX_VALUE];
            for (int i = start; i < start + width; i++) {
                if (!seen[values[i]]) { seen[values[i]] = true; total++; }
            }
        }
        return total;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] values = new int[24000];
        for (int i = 0; i < values.length; i++) values[i] = (int) ((i * 2654435761L) % 1000) * 200;
        System.out.println(distinctPerWindow(values, 20));
    }
}
