package dev.snaplife.platform.consume;

import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.aop.support.AopUtils;

/**
 * The service's handlers, checked against the routing table when the service starts: every event
 * type routed to the service has exactly one handler, and no handler waits for a type that never
 * arrives. A mismatch is a start-up failure, not a message that sits in the DLQ.
 */
public final class EventHandlers {

  private final Map<EventType, EventHandler> handlers = new EnumMap<>(EventType.class);
  private final Map<NativeEventType, NativeEventHandler> nativeHandlers =
      new EnumMap<>(NativeEventType.class);

  public EventHandlers(
      SnaplifeService service,
      List<EventHandler> eventHandlers,
      List<NativeEventHandler> nativeEventHandlers) {
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
    }
  }

  private static String name(Object handler) {
    return AopUtils.getTargetClass(handler).getName();
  }
}
