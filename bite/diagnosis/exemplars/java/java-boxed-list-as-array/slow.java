import java.util.*;

public class Tally {
    // bite-exemplar: begin
    static List<Integer> tally(int[] votes, int candidates) {
        List<Integer> counts = new ArrayList<>(Collections.nCopies(candidates, 0));
        for (int v : votes) {
            counts.set(v, counts.get(v) + 1);
        }
        return counts;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] votes = new int[1 << 20];
        for (int i = 0; i < votes.length; i++) votes[i] = (int) ((i * 2654435761L) % 5000);
        long checksum = 0;
        for (int round = 0; round < 200; round++) {
            List<Integer> counts = tally(votes, 5000);
            for (int c = 0; c < counts.size(); c += 7) checksum = checksum * 31 + counts.get(c);
        }
        System.out.println(checksum);
    }
}
