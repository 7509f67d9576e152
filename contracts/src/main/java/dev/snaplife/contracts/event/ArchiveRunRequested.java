package dev.snaplife.contracts.event;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A run of an archive policy: archive-service selects the policy's databases and requests one
 * archive per database and logical database ({@link ArchiveRequested}), so each dump is retried,
 * spread over replicas and kept invisible on its own.
 *
 * @param scheduledTime the firing's scheduled time; it names every archive of the run
 * @param databaseIdentifiers restricts the run to these of the policy's databases; null or empty
 *     runs all of them
 */
public record ArchiveRunRequested(
    String policy, Instant scheduledTime, @Nullable List<String> databaseIdentifiers)
    implements SnaplifeEvent {}
