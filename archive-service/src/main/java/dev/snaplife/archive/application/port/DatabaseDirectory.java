package dev.snaplife.archive.application.port;

import dev.snaplife.archive.domain.ArchivePolicy;
import java.util.List;

/** The RDS databases (instances and Aurora clusters) of this account and region. */
public interface DatabaseDirectory {

  /** A database an archive policy may select. */
  record Database(String identifier, String rdsEngine, boolean cluster) {}

  /** Every database the selection selects, clusters' member instances excluded. */
  List<Database> select(ArchivePolicy.Selection selection);
}
