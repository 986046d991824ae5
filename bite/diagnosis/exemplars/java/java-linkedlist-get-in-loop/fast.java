import java.util.*;

public class WeightedSum {
    // bite-exemplar: begin
    static long weightedSum(LinkedList<Integer> values) {
        long total = 0;
        int i = 0;
        for (int value : values) {
            total += (long) i * value;
            i++;
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
