package dev.snaplife.platform.consume;

import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.contracts.routing.Timer;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.aop.support.AopUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's handlers, checked against the routing table when the service starts: every event
 * type routed to the service has exactly one handler, and no handler waits for a type that never
 * arrives. A mismatch is a start-up failure, not a message that sits in the DLQ.
 */
public final class EventHandlers {

  private final Map<EventType, EventHandler> handlers = new EnumMap<>(EventType.class);
  private final Map<NativeEventType, NativeEventHandler> nativeHandlers =
      new EnumMap<>(NativeEventType.class);
  private final Map<String, CommandHandler<?>> commandHandlers = new TreeMap<>();
  private final JsonMapper mapper;

  public EventHandlers(
      SnaplifeService service,
      List<EventHandler> eventHandlers,
      List<NativeEventHandler> nativeEventHandlers,
      List<CommandHandler<?>> commandHandlers,
      JsonMapper mapper) {
    this.mapper = mapper;
    for (CommandHandler<?> handler : commandHandlers) {
      CommandHandler<?> previous = this.commandHandlers.put(handler.command(), handler);
      if (previous != null) {
        throw new IllegalStateException(
            "two handlers for command "
                + handler.command()
                + ": "
                + name(previous)
                + " and "
                + name(handler));
      }
    }
    for (EventHandler handler : eventHandlers) {
      for (EventType type : handler.eventTypes()) {
        EventHandler previous = handlers.put(type, handler);
        if (previous != null) {
          throw new IllegalStateException(
              "two handlers for " + type + ": " + name(previous) + " and " + name(handler));
        }
      }
    }
    for (NativeEventHandler handler : nativeEventHandlers) {
      NativeEventHandler previous = nativeHandlers.put(handler.type(), handler);
      if (previous != null) {
        throw new IllegalStateException(
            "two handlers for " + handler.type() + ": " + name(previous) + " and " + name(handler));
      }
    }
    Routing.Subscription subscription = Routing.subscriptionOf(service);
    check(service, "events", subscription.events(), handlers.keySet(), EventType.class);
    check(
        service,
        "AWS events",
        subscription.nativeEvents(),
        nativeHandlers.keySet(),
        NativeEventType.class);
    for (Timer timer : subscription.timers()) {
      if (!this.commandHandlers.containsKey(timer.name())) {
        throw new IllegalStateException(
            service + " has no handler for the timer routed to it: " + timer.name());
      }
    }
  }

  private static <T extends Enum<T>> void check(
      SnaplifeService service, String what, Set<T> routed, Set<T> handled, Class<T> type) {
    Set<T> unhandled = routed.isEmpty() ? EnumSet.noneOf(type) : EnumSet.copyOf(routed);
    unhandled.removeAll(handled);
    Set<T> unrouted = handled.isEmpty() ? EnumSet.noneOf(type) : EnumSet.copyOf(handled);
    unrouted.removeAll(routed);
    if (!unhandled.isEmpty()) {
      throw new IllegalStateException(
          service + " has no handler for the " + what + " routed to it: " + unhandled);
    }
    if (!unrouted.isEmpty()) {
      throw new IllegalStateException(
          service
              + " handles "
              + what
              + " the routing table never sends it: "
              + unrouted
              + " (add them to Routing, or remove the handlers)");
    }
  }

  void dispatch(InboundEvent inbound) {
    switch (inbound) {
      case InboundEvent.Snaplife s -> handlers.get(s.envelope().type()).handle(s.envelope());
      case InboundEvent.Native n -> nativeHandlers.get(n.event().type()).handle(n.event());
      case InboundEvent.Command c -> dispatch(c);
    }
  }

  private void dispatch(InboundEvent.Command inbound) {
    CommandHandler<?> handler = commandHandlers.get(inbound.name());
    if (handler == null) {
      throw new InvalidEventException(
          "no handler for command '"
              + inbound.name()
              + "' (known: "
              + commandHandlers.keySet()
              + ")");
    }
    run(handler, inbound);
  }

  private <T> void run(CommandHandler<T> handler, InboundEvent.Command inbound) {
    T payload;
    try {
      payload = mapper.treeToValue(inbound.payload(), handler.payloadType());
    } catch (JacksonException | IllegalArgumentException e) {
      throw new InvalidEventException(
          "command " + inbound.name() + " has an unreadable payload: " + e.getMessage());
    }
    handler.handle(new Command<>(inbound.name(), inbound.commandId(), inbound.time(), payload));
  }

  private static String name(Object handler) {
    return AopUtils.getTargetClass(handler).getName();
  }
}
