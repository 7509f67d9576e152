package dev.snaplife.notifier.adapter.in.events;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.notifier.application.NotifyOutcomes;
import dev.snaplife.platform.consume.EventHandler;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Every event routed to the notifier is an outcome to tell, or a run to digest. */
@Component
class OutcomeListener implements EventHandler {

  private final NotifyOutcomes notifyOutcomes;

  OutcomeListener(NotifyOutcomes notifyOutcomes) {
    this.notifyOutcomes = notifyOutcomes;
  }

  @Override
  public Set<EventType> eventTypes() {
    return Routing.subscriptionOf(SnaplifeService.NOTIFIER).events();
  }

  @Override
  public void handle(EventEnvelope<?> event) {
    notifyOutcomes.on(event);
  }
}
