package shop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stock arithmetic over a day's sales. */
public final class Inventory {
    private Inventory() {}

    /** Units sold per SKU. */
    public static Map<String, Integer> unitsSold(List<Sale> sales) {
        Map<String, Integer> sold = new HashMap<>();
        for (Sale sale : sales) {
            sold.merge(sale.sku(), sale.quantity(), Integer::sum);
        }
        return sold;
    }

    /** The items whose stock after the sales is below their reorder level, in the items' order. */
    public static List<Reorder> toReorder(List<Item> items, List<Sale> sales) {
        List<Reorder> reorders = new ArrayList<>();
        for (Item item : items) {
            int sold = 0;
            for (Sale sale : sales) {
                if (sale.sku().equals(item.sku())) {
                    sold += sale.quantity();
                }
            }
            int left = item.stock() - sold;
            if (left < item.reorderLevel()) {
                reorders.add(new Reorder(item.sku(), left));
            }
        }
        return reorders;
    }
}
