package shop;

/** A sale of some units of one SKU. */
public record Sale(String sku, int quantity) {}
