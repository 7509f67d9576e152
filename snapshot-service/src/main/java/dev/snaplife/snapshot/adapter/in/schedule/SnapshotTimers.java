package dev.snaplife.snapshot.adapter.in.schedule;

import dev.snaplife.snapshot.application.FollowSnapshots;
import dev.snaplife.snapshot.application.WatchRecoveryPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The two things that run on a timer rather than on an event: the polling fallback for snapshots
 * being created, and the recovery-point check, which must notice a schedule that stopped firing. A
 * failing tick is logged and the next one tries again.
 */
@Component
class SnapshotTimers {

  private static final Logger log = LoggerFactory.getLogger(SnapshotTimers.class);

  private final FollowSnapshots follow;
  private final WatchRecoveryPoints recoveryPoints;

  SnapshotTimers(FollowSnapshots follow, WatchRecoveryPoints recoveryPoints) {
    this.follow = follow;
    this.recoveryPoints = recoveryPoints;
  }

  @Scheduled(
      fixedDelayString = "${snaplife.snapshot.poll-interval:15s}",
      initialDelayString = "${snaplife.snapshot.poll-interval:15s}")
  void pollPendingSnapshots() {
    try {
      follow.poll();
    } catch (RuntimeException e) {
      log.warn("polling pending snapshots failed, will retry: {}", e.toString());
    }
  }

  @Scheduled(
      fixedDelayString = "${snaplife.snapshot.rpo-check-interval:5m}",
      initialDelayString = "${snaplife.snapshot.rpo-initial-delay:20s}")
  void checkRecoveryPoints() {
    try {
      recoveryPoints.checkAll();
    } catch (RuntimeException e) {
      log.warn("recovery point check failed, will retry: {}", e.toString());
    }
  }
}
