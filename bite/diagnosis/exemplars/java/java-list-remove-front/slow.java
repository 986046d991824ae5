import java.util.*;

public class Josephus {
    // bite-exemplar: begin
    static int lastStanding(int n) {
        List<Integer> circle = new ArrayList<>();
        for (int i = 1; i <= n; i++) circle.add(i);
        while (circle.size() > 1) {
            circle.add(circle.remove(0)); // skip one
            circle.remove(0);             // eliminate the next
        }
        return circle.get(0);
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        System.out.println(lastStanding(90000));
    }
}
