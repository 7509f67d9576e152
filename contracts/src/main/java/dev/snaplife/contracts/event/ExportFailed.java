package dev.snaplife.contracts.event;

import org.jspecify.annotations.Nullable;

/** A snapshot export, or cataloguing it, failed. */
public record ExportFailed(
    SnapshotRef snapshot, @Nullable String exportTaskIdentifier, Failure failure)
    implements SnaplifeEvent {}
