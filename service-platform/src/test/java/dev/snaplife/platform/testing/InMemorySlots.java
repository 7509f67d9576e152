package dev.snaplife.platform.testing;

import dev.snaplife.platform.slots.Slots;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Slots in memory, with the table's semantics: one holder per slot, the line oldest first. */
public final class InMemorySlots implements Slots {

  private final Map<String, String> slots = new LinkedHashMap<>();
  private final Map<String, TreeMap<String, String>> waiting = new LinkedHashMap<>();

  @Override
  public synchronized boolean acquire(String pool, String holder, int limit) {
    if (holders(pool).contains(holder)) {
      return true;
    }
    for (int n = 0; n < limit; n++) {
      String slot = pool + "/" + n;
      if (!slots.containsKey(slot)) {
        slots.put(slot, holder);
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized void release(String pool, String holder) {
    slots
        .entrySet()
        .removeIf(e -> e.getKey().startsWith(pool + "/") && e.getValue().equals(holder));
  }

  @Override
  public synchronized List<String> holders(String pool) {
    return slots.entrySet().stream()
        .filter(e -> e.getKey().startsWith(pool + "/"))
        .map(Map.Entry::getValue)
        .toList();
  }

  @Override
  public synchronized void addWaiting(String pool, String holder, Instant since) {
    if (!waiting(pool).contains(holder)) {
      waiting.computeIfAbsent(pool, p -> new TreeMap<>()).put(since + "|" + holder, holder);
    }
  }

  @Override
  public synchronized void removeWaiting(String pool, String holder) {
    waiting.getOrDefault(pool, new TreeMap<>()).values().removeIf(holder::equals);
  }

  @Override
  public synchronized List<String> waiting(String pool) {
    return List.copyOf(waiting.getOrDefault(pool, new TreeMap<>()).values());
  }
}
