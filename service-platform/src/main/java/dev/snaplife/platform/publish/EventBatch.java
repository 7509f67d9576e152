package dev.snaplife.platform.publish;

import dev.snaplife.contracts.event.EventEnvelope;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the events of a handler that makes many effects (a backup run) and publishes them ten at
 * a time as they come, so each effect's event is on the bus soon after the effect, in few calls,
 * and a failure later in the run does not take earlier events with it. Thread-safe: effects made in
 * parallel add their events here. {@link #flush()} publishes what is left.
 */
public final class EventBatch {

  static final int SIZE = 10;

  private final EventPublisher publisher;
  private final List<EventEnvelope<?>> pending = new ArrayList<>();
  private int published;

  public EventBatch(EventPublisher publisher) {
    this.publisher = publisher;
  }

  public void add(EventEnvelope<?> event) {
    List<EventEnvelope<?>> full = null;
    synchronized (this) {
      pending.add(event);
      if (pending.size() >= SIZE) {
        full = new ArrayList<>(pending);
        pending.clear();
      }
    }
    if (full != null) {
      publish(full);
    }
  }

  public void addAll(List<? extends EventEnvelope<?>> events) {
    events.forEach(this::add);
  }

  /** Publishes whatever is gathered; returns only when it is on the bus. */
  public void flush() {
    List<EventEnvelope<?>> rest;
    synchronized (this) {
      rest = new ArrayList<>(pending);
      pending.clear();
    }
    if (!rest.isEmpty()) {
      publish(rest);
    }
  }

  /** How many events this batch has put on the bus so far. */
  public synchronized int published() {
    return published;
  }

  private void publish(List<EventEnvelope<?>> events) {
    try {
      publisher.publish(events);
    } catch (RuntimeException e) {
      // Keep them for the next flush, so a caller that catches and flushes loses nothing.
      synchronized (this) {
        pending.addAll(0, events);
      }
      throw e;
    }
    synchronized (this) {
      published += events.size();
    }
  }
}
