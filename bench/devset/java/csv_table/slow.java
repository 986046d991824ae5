import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

public class CsvTable {
    static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    /** Splits one CSV line; fields may be quoted, with "" for a quote inside. */
    static List<String> parseLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    static boolean isNumber(String s) {
        return NUMBER.matcher(s).matches();
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        List<List<String>> rows = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isEmpty()) {
                rows.add(parseLine(line));
            }
        }
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        boolean[] numeric = new boolean[columns];
        Arrays.fill(numeric, true);
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            while (row.size() < columns) {
                row.add("");
            }
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
                if (r > 0 && !row.get(c).isEmpty() && !isNumber(row.get(c))) {
                    numeric[c] = false;
                }
            }
        }

        String rule = "";
        for (int c = 0; c < columns; c++) {
            rule += "+" + "-".repeat(width[c] + 2);
        }
        rule += "+\n";
        String table = rule;
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(r).get(c);
                boolean right = numeric[c] && r > 0;
                table += "| ";
                for (int k = cell.length(); right && k < width[c]; k++) {
                    table += ' ';
                }
                table += cell;
                for (int k = cell.length(); !right && k < width[c]; k++) {
                    table += ' ';
                }
                table += ' ';
            }
            table += "|\n";
            if (r == 0) {
                table += rule;
            }
        }
        table += rule;
        System.out.print(table);
        System.out.println((rows.size() - 1) + " rows");
    }
}
