import java.io.*;

public class SumReadings {
    public static void main(String[] args) throws IOException {
        // bite-exemplar: begin
        StreamTokenizer in = new StreamTokenizer(new BufferedReader(new InputStreamReader(System.in)));
        in.nextToken();
        int n = (int) in.nval;
        long total = 0;
        for (int i = 0; i < n; i++) {
            in.nextToken();
            total += (long) in.nval;
        }
        // bite-exemplar: end
        System.out.println(total);
    }
}
