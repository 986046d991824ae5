package shop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a day's stock and sales on stdin and prints what to reorder. The input: a line "items N", N lines
 * "SKU STOCK REORDER_LEVEL", a line "sales M", M lines "SKU QUANTITY".
 */
public final class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        List<Item> items = new ArrayList<>();
        for (int i = 0, n = count(in.readLine(), "items"); i < n; i++) {
            String[] f = in.readLine().trim().split("\\s+");
            items.add(new Item(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2])));
        }
        List<Sale> sales = new ArrayList<>();
        for (int i = 0, n = count(in.readLine(), "sales"); i < n; i++) {
            String[] f = in.readLine().trim().split("\\s+");
            sales.add(new Sale(f[0], Integer.parseInt(f[1])));
        }
        List<Reorder> reorders = Inventory.toReorder(items, sales);
        StringBuilder out = new StringBuilder();
        out.append(items.size()).append(" items, ").append(sales.size()).append(" sales, ")
                .append(reorders.size()).append(" to reorder\n");
        for (Reorder reorder : reorders) {
            out.append(reorder.sku()).append(' ').append(reorder.left()).append('\n');
        }
        System.out.print(out);
    }

    private static int count(String line, String section) {
        String[] f = line == null ? new String[0] : line.trim().split("\\s+");
        if (f.length != 2 || !f[0].equals(section)) {
            throw new IllegalArgumentException("expected \"" + section + " COUNT\", got " + line);
        }
        return Integer.parseInt(f[1]);
    }
}
