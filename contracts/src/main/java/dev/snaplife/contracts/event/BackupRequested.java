package dev.snaplife.contracts.event;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request to run a backup policy now: from EventBridge Scheduler, or an operator.
 *
 * @param scheduledTime the time the run stands for; snapshot names derive from it, so a repeated
 *     request for the same time names the same snapshots
 * @param databaseIdentifiers restricts this run to these databases of the policy, when given
 * @param dryRun report what would be created and deleted, change nothing
 */
public record BackupRequested(
    String policy,
    Instant scheduledTime,
    @Nullable List<String> databaseIdentifiers,
    boolean dryRun)
    implements SnaplifeEvent {}
