import java.util.*;

public class Josephus {
    // bite-exemplar: begin
    static int lastStanding(int n) {
        ArrayDeque<Integer> circle = new ArrayDeque<>();
        for (int i = 1; i <= n; i++) circle.add(i);
        while (circle.size() > 1) {
            circle.addLast(circle.pollFirst()); // skip one
            circle.pollFirst();                 // eliminate the next
        }
        return circle.peekFirst();
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        System.out.println(lastStanding(90000));
    }
}
