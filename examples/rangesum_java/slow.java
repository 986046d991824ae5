import java.io.*;
import java.util.*;

public class RangeSum {
    // Answers each query (l, r) with a[l] + ... + a[r].
    static long[] rangeSums(int[] a, int[][] queries) {
        long[] answers = new long[queries.length];
        for (int q = 0; q < queries.length; q++) {
            long sum = 0;
            for (int i = queries[q][0]; i <= queries[q][1]; i++) sum += a[i];
            answers[q] = sum;
        }
        return answers;
    }

    public static void main(String[] args) throws IOException {
        StreamTokenizer in = new StreamTokenizer(new BufferedReader(new InputStreamReader(System.in)));
        in.nextToken(); int n = (int) in.nval;
        in.nextToken(); int queries = (int) in.nval;
        in.nextToken(); long seed = (long) in.nval;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) { seed = (seed * 1103515245L + 12345L) & 0xffffffffL; a[i] = (int) (seed >> 8) % 1000; }
        int[][] qs = new int[queries][2];
        for (int q = 0; q < queries; q++) {
            seed = (seed * 1103515245L + 12345L) & 0xffffffffL; int l = (int) ((seed >> 8) % n);
            seed = (seed * 1103515245L + 12345L) & 0xffffffffL; int r = (int) ((seed >> 8) % n);
            qs[q][0] = Math.min(l, r); qs[q][1] = Math.max(l, r);
        }
        long checksum = 0;
        for (long s : rangeSums(a, qs)) checksum = (checksum * 31 + s) % 1000000007L;
        System.out.println(checksum);
    }
}
