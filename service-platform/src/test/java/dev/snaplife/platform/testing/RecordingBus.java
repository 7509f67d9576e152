package dev.snaplife.platform.testing;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnaplifeEvent;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.platform.publish.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bus and the service's own queue in memory: what was published (in PutEvents calls, with
 * EventBridge's entry size limit) and what commands were sent. A failure can be set for the next
 * publish.
 */
public final class RecordingBus implements EventPublisher, CommandQueue {

  public final List<List<EventEnvelope<?>>> putEventsCalls = new CopyOnWriteArrayList<>();
  public final List<OutgoingCommand> commands = new CopyOnWriteArrayList<>();
  private final EventCodec codec = new EventCodec();
  public volatile RuntimeException failNextPublish;

  @Override
  public void publish(List<? extends EventEnvelope<?>> events) {
    RuntimeException failure = failNextPublish;
    if (failure != null) {
      failNextPublish = null;
      throw failure;
    }
    for (EventEnvelope<?> e : events) {
      if (!fits(e)) {
        throw new IllegalStateException("too large for one entry: " + e.eventType());
      }
    }
    putEventsCalls.add(List.copyOf(events));
  }

  @Override
  public boolean fits(EventEnvelope<?> event) {
    return codec.toJson(event).getBytes(StandardCharsets.UTF_8).length <= 256 * 1024 - 100;
  }

  @Override
  public void send(List<OutgoingCommand> sent) {
    commands.addAll(sent);
  }

  /** The commands of that name sent so far, in order. */
  public List<OutgoingCommand> commands(String name) {
    return commands.stream().filter(c -> c.name().equals(name)).toList();
  }

  /** A sent command as the service's queue would hand it back to its handler. */
  public static <T> Command<T> received(OutgoingCommand sent, Class<T> type, Instant at) {
    return new Command<>(sent.name(), sent.id(), at, type.cast(sent.payload()));
  }

  public List<EventEnvelope<?>> published() {
    List<EventEnvelope<?>> all = new ArrayList<>();
    putEventsCalls.forEach(all::addAll);
    return all;
  }

  @SuppressWarnings("unchecked")
  public <E extends SnaplifeEvent> List<E> published(Class<E> type) {
    return published().stream()
        .map(EventEnvelope::data)
        .filter(type::isInstance)
        .map(d -> (E) d)
        .toList();
  }

  @SuppressWarnings("unchecked")
  public <E extends SnaplifeEvent> List<EventEnvelope<E>> envelopes(Class<E> type) {
    return published().stream()
        .filter(e -> type.isInstance(e.data()))
        .map(e -> (EventEnvelope<E>) e)
        .toList();
  }
}
