package dev.snaplife.platform.testservice;

import dev.snaplife.contracts.event.ArchiveRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.platform.consume.EventHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Records what it handles. The database name scripts its behaviour: {@code fail-once} fails the
 * first attempt as a transient error would, {@code fail-always} every attempt, {@code reject}
 * refuses the input as invalid, {@code slow-<seconds>} works that long (a long dump, say).
 */
@Component
public class RecordingArchiveHandler implements EventHandler {

  public final List<EventEnvelope<?>> handled = new CopyOnWriteArrayList<>();
  public final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
  public final AtomicInteger running = new AtomicInteger();
  public final AtomicInteger maxRunningAtOnce = new AtomicInteger();

  @Override
  public Set<EventType> eventTypes() {
    return Set.of(EventType.ARCHIVE_RUN_REQUESTED, EventType.ARCHIVE_REQUESTED);
  }

  @Override
  public void handle(EventEnvelope<?> event) {
    int attempt =
        attempts.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
    if (!(event.data() instanceof ArchiveRequested request)) {
      handled.add(event); // a run request: only recorded
      return;
    }
    if (request.databaseName().equals("fail-once") && attempt == 1) {
      throw new IllegalStateException("simulated throttling on the first attempt");
    }
    if (request.databaseName().equals("reject")) {
      throw new InvalidEventException("database 'reject' is not in any archive policy");
    }
    if (request.databaseName().equals("fail-always")) {
      throw new IllegalStateException("simulated outage of the archive bucket");
    }
    if (request.databaseName().startsWith("slow-")) {
      running.incrementAndGet();
      try {
        maxRunningAtOnce.accumulateAndGet(running.get(), Math::max);
        // The handler's own work takes this long; the test waits on its outcome, not on this.
        Thread.sleep(1000L * Integer.parseInt(request.databaseName().substring(5)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        running.decrementAndGet();
      }
    }
    handled.add(event);
  }

  public long handledCount(UUID eventId) {
    return handled.stream().filter(e -> e.eventId().equals(eventId)).count();
  }
}
