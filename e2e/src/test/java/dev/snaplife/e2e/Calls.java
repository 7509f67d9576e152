package dev.snaplife.e2e;

import java.util.Map;
import java.util.TreeMap;

/** A difference of call counters between two moments, and how it prints. */
record Calls(Map<String, Long> byOperation) {

  static Calls between(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach(
        (op, n) -> {
          long d = n - before.getOrDefault(op, 0L);
          if (d > 0) {
            delta.put(op, d);
          }
        });
    return new Calls(delta);
  }

  long total() {
    return byOperation.values().stream().mapToLong(Long::longValue).sum();
  }

  long of(String prefix) {
    return byOperation.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Without the queue's long polls: the calls the work itself made. */
  Calls withoutPolls() {
    Map<String, Long> work = new TreeMap<>(byOperation);
    work.remove("Sqs.ReceiveMessage");
    return new Calls(work);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    byOperation.forEach(
        (op, n) -> text.append(text.isEmpty() ? "" : ", ").append(op).append(' ').append(n));
    return text.toString();
  }
}
