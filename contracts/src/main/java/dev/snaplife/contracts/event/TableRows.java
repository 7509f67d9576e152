package dev.snaplife.contracts.event;

/** How many rows one table held in an archive ({@code schema.table}). */
public record TableRows(String table, long rows) {}
