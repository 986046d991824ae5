package shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryTest {
    private final List<Item> items = List.of(new Item("A1", 10, 5), new Item("B2", 3, 4), new Item("C3", 8, 2));
    private final List<Sale> sales = List.of(new Sale("A1", 4), new Sale("C3", 1), new Sale("A1", 2));

    @Test
    void reordersWhatFallsBelowItsLevelInItemOrder() {
        assertEquals(List.of(new Reorder("A1", 4), new Reorder("B2", 3)), Inventory.toReorder(items, sales));
    }

    @Test
    void oversoldItemsHaveNegativeStockLeft() {
        assertEquals(List.of(new Reorder("B2", -2)),
                Inventory.toReorder(List.of(new Item("B2", 3, 1)), List.of(new Sale("B2", 5))));
    }

    @Test
    void unitsSoldAddsUpPerSku() {
        assertEquals(Map.of("A1", 6, "C3", 1), Inventory.unitsSold(sales));
    }
}
