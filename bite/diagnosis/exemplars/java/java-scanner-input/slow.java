import java.util.Scanner;

public class SumReadings {
    public static void main(String[] args) {
        // bite-exemplar: begin
        Scanner in = new Scanner(System.in);
        int n = in.nextInt();
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += in.nextInt();
        }
        // bite-exemplar: end
        System.out.println(total);
    }
}
