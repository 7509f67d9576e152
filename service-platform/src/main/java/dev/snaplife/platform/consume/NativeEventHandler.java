package dev.snaplife.platform.consume;

import dev.snaplife.contracts.routing.NativeEventType;

/** Handles one native AWS event type routed to this service; same contract as EventHandler. */
public interface NativeEventHandler {

  NativeEventType type();

  void handle(NativeEvent event);
}
