import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringTokenizer;

public class TermStats {
    static int[] parseTerms(String line, int vocabulary) {
        StringTokenizer t = new StringTokenizer(line);
        int[] terms = new int[t.countTokens()];
        int n = 0;
        while (t.hasMoreTokens()) {
            int term = Integer.parseInt(t.nextToken());
            if (term >= 0 && term < vocabulary) {
                terms[n++] = term;
            }
        }
        return Arrays.copyOf(terms, n);
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int vocabulary = Integer.parseInt(in.readLine().trim());
        int[] documentFrequency = new int[vocabulary];
        int[] seen = new int[16]; // the terms with a document frequency, in order of first use
        int seenCount = 0;
        long distinctTotal = 0;
        int documents = 0, repetitive = 0;
        List<String> longest = new ArrayList<>();
        int longestDistinct = -1;
        int[] counts = new int[vocabulary]; // per document; zeroed again after each

        for (String line = in.readLine(); line != null; line = in.readLine()) {
            int[] terms = parseTerms(line, vocabulary);
            documents++;
            int distinct = 0, top = -1;
            for (int term : terms) {
                if (counts[term]++ == 0) {
                    distinct++;
                    if (documentFrequency[term]++ == 0) {
                        if (seenCount == seen.length) {
                            seen = Arrays.copyOf(seen, 2 * seenCount);
                        }
                        seen[seenCount++] = term;
                    }
                }
            }
            for (int term : terms) {
                if (top < 0 || counts[term] > counts[top] || (counts[term] == counts[top] && term < top)) {
                    top = term;
                }
            }
            distinctTotal += distinct;
            if (top >= 0 && counts[top] >= 3) {
                repetitive++;
            }
            if (distinct > longestDistinct) {
                longestDistinct = distinct;
                longest.clear();
            }
            if (distinct == longestDistinct && longest.size() < 5) {
                longest.add("doc " + documents + " (top term " + top + " x" + (top < 0 ? 0 : counts[top]) + ")");
            }
            for (int term : terms) {
                counts[term] = 0;
            }
        }

        StringBuilder out = new StringBuilder();
        out.append(documents).append(" documents, vocabulary ").append(vocabulary).append('\n');
        out.append(String.format("mean distinct terms %.3f, %d documents repeat a term 3+ times%n",
                documents == 0 ? 0.0 : (double) distinctTotal / documents, repetitive));
        out.append("most distinct terms (").append(longestDistinct).append("): ").append(longest).append('\n');
        out.append("terms in the most documents:");
        long[] ranked = new long[seenCount]; // most documents first, then the smaller term
        for (int k = 0; k < seenCount; k++) {
            ranked[k] = (long) (Integer.MAX_VALUE - documentFrequency[seen[k]]) << 32 | seen[k];
        }
        Arrays.sort(ranked);
        for (int k = 0; k < Math.min(10, seenCount); k++) {
            int term = (int) ranked[k];
            out.append(' ').append(term).append(':').append(documentFrequency[term]);
        }
        out.append('\n');
        System.out.print(out);
    }
}
