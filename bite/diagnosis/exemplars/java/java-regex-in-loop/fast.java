public class RowTotals {
    // bite-exemplar: begin
    static long sumRows(String[] rows) {
        long total = 0;
        for (String row : rows) {
            int field = 0; // parse the digits by hand: no regex, no String[] per row
            for (int i = 0; i < row.length(); i++) {
                char c = row.charAt(i);
                if (c == ' ') { total += field; field = 0; } else field = field * 10 + (c - '0');
            }
            total += field;
        }
        return total;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        String[] shapes = {"12 7  430 7 1", " 5 0 19  7 3", "96 12 999 7 0 ", "1 1 1 1 1"};
        String[] rows = new String[160000];
        for (int i = 0; i < rows.length; i++) rows[i] = shapes[i % shapes.length];
        System.out.println(sumRows(rows));
    }
}
