package dev.snaplife.export.application.port;

import dev.snaplife.export.domain.Location;

/** The export buckets. */
public interface ExportStorage {

  /** Deletes every object under the folder; returns how many. */
  int deleteFolder(Location at, String bucket, String folder);
}
