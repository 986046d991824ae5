import java.util.HashSet;
import java.util.Set;

public class Overlap {
    // bite-exemplar: begin
    static int countShared(int[] orders, int[] returns) {
        Set<Integer> ordered = new HashSet<>();
        for (int o : orders) ordered.add(o);
        int shared = 0;
        for (int r : returns) {
            if (ordered.contains(r)) shared++;
        }
        return shared;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] orders = new int[56000], returns = new int[56000];
        for (int i = 0; i < orders.length; i++) orders[i] = (int) (i * 2654435761L % 1000003);
        for (int i = 0; i < returns.length; i++) returns[i] = (int) (i * 40503L % 1000003);
        System.out.println(countShared(orders, returns));
    }
}
