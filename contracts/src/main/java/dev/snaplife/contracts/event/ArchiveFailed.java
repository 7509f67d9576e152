package dev.snaplife.contracts.event;

import org.jspecify.annotations.Nullable;

/** A dump or its upload failed. */
public record ArchiveFailed(
    String policy, String databaseIdentifier, @Nullable String databaseName, Failure failure)
    implements SnaplifeEvent {}
