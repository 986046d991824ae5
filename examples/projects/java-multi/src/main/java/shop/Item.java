package shop;

/** A stocked item: its SKU, the units in stock, and the level under which it is reordered. */
public record Item(String sku, int stock, int reorderLevel) {}
