package dev.snaplife.archive.domain;

import java.time.Duration;

/**
 * The S3 storage classes an archive may be written in or moved to, with the minimum storage
 * duration AWS charges for and whether reading an object back needs a restore request first.
 */
public enum StorageClass {
  STANDARD(0, false, 0),
  STANDARD_IA(30, false, 1),
  GLACIER_IR(90, false, 2),
  GLACIER(90, true, 3),
  DEEP_ARCHIVE(180, true, 4);

  private final int minimumDays;
  private final boolean needsRestore;
  private final int coldness;

  StorageClass(int minimumDays, boolean needsRestore, int coldness) {
    this.minimumDays = minimumDays;
    this.needsRestore = needsRestore;
    this.coldness = coldness;
  }

  /** Deleting earlier still charges this many days of storage. */
  public Duration minimumStorageDuration() {
    return Duration.ofDays(minimumDays);
  }

  /** Flexible Retrieval and Deep Archive objects are read only after a restore request. */
  public boolean needsRestore() {
    return needsRestore;
  }

  public boolean isColderThan(StorageClass other) {
    return coldness > other.coldness;
  }
}
