package dev.snaplife.snapshot.adapter.in.events;

import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.platform.consume.NativeEvent;
import dev.snaplife.platform.consume.NativeEventHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where AWS's own snapshot events enter: RDS snapshot events (which end a snapshot's wait, or
 * report an automated snapshot) and AWS Backup job state changes (adopted by policy). One handler
 * per routed native type, as the platform requires.
 */
@Configuration(proxyBeanMethods = false)
class AwsSnapshotEventIntake {

  @Bean
  NativeEventHandler rdsDbSnapshotEvents() {
    return intake(NativeEventType.RDS_DB_SNAPSHOT_EVENT);
  }

  @Bean
  NativeEventHandler rdsDbClusterSnapshotEvents() {
    return intake(NativeEventType.RDS_DB_CLUSTER_SNAPSHOT_EVENT);
  }

  @Bean
  NativeEventHandler backupJobStateChanges() {
    return intake(NativeEventType.BACKUP_JOB_STATE_CHANGE);
  }

  private static NativeEventHandler intake(NativeEventType type) {
    return new NativeEventHandler() {
      @Override
      public NativeEventType type() {
        return type;
      }

      @Override
      public void handle(NativeEvent event) {
        // Accepted and logged by the platform; following and adopting snapshots plugs in here.
      }
    };
  }
}
