import java.util.*;

public class KnownIds {
    // bite-exemplar: begin
    static int countKnown(int[] queries, List<Integer> known) {
        Set<Integer> seen = new HashSet<>(known);
        int hits = 0;
        for (int q : queries) {
            if (seen.contains(q)) hits++;
        }
        return hits;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        List<Integer> known = new ArrayList<>();
        for (int i = 0; i < 8000; i++) known.add(i * 7 % 30011);
        int[] queries = new int[130000];
        for (int i = 0; i < queries.length; i++) queries[i] = i * 13 % 60013;
        System.out.println(countKnown(queries, known));
    }
}
