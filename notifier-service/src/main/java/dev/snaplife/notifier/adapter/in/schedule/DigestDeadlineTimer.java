package dev.snaplife.notifier.adapter.in.schedule;

import dev.snaplife.notifier.application.NotifyOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Sends the digests of runs whose outcomes did not all arrive by the deadline. */
@Component
class DigestDeadlineTimer {

  private static final Logger log = LoggerFactory.getLogger(DigestDeadlineTimer.class);

  private final NotifyOutcomes notifyOutcomes;

  DigestDeadlineTimer(NotifyOutcomes notifyOutcomes) {
    this.notifyOutcomes = notifyOutcomes;
  }

  @Scheduled(
      fixedDelayString = "${snaplife.notifier.digest-check-interval:1m}",
      initialDelayString = "${snaplife.notifier.digest-check-interval:1m}")
  void sendOverdueDigests() {
    try {
      notifyOutcomes.sendOverdueDigests();
    } catch (RuntimeException e) {
      log.warn("sending overdue digests failed, will retry: {}", e.toString());
    }
  }
}
