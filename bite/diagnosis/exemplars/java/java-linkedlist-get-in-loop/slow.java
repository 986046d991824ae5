import java.util.*;

public class WeightedSum {
    // bite-exemplar: begin
    static long weightedSum(LinkedList<Integer> values) {
        long total = 0;
        for (int i = 0; i < values.size(); i++) {
            total += (long) i * values.get(i);
        }
        return total;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        LinkedList<Integer> values = new LinkedList<>();
        for (int i = 0; i < 40000; i++) values.add(i * 31 % 1009);
        System.out.println(weightedSum(values));
    }
}
