public class DistinctInWindows {
    static final int MAX_VALUE = 1 << 18;

    // bite-exemplar: begin
    static long distinctPerWindow(int[] values, int width) {
        long total = 0;
        int[] seenIn = new int[MAX_VALUE]; // allocated once; seenIn[v] == start + 1 means seen in this window
        for (int start = 0; start + width <= values.length; start++) {
            for (int i = start; i < start + width; i++) {
                if (seenIn[values[i]] != start + 1) { seenIn[values[i]] = start + 1; total++; }
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
