package shop;

/** An item to reorder, with the units left after the sales (negative when oversold). */
public record Reorder(String sku, int left) {}
