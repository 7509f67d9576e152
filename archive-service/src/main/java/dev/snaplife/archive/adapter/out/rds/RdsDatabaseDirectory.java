package dev.snaplife.archive.adapter.out.rds;

import dev.snaplife.archive.application.port.DatabaseDirectory;
import dev.snaplife.archive.domain.ArchivePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Selects databases from RDS's describe pages, whose tag lists come with them (no call per
 * database). An Aurora cluster is archived through its cluster, never through each member.
 */
public final class RdsDatabaseDirectory implements DatabaseDirectory {

  private final RdsClient rds;

  public RdsDatabaseDirectory(RdsClient rds) {
    this.rds = rds;
  }

  @Override
  public List<Database> select(ArchivePolicy.Selection selection) {
    List<Database> selected = new ArrayList<>();
    for (DBInstance instance : rds.describeDBInstancesPaginator(b -> {}).dbInstances()) {
      if (instance.dbClusterIdentifier() == null
          && selection.selects(instance.dbInstanceIdentifier(), tags(instance.tagList()))) {
        selected.add(new Database(instance.dbInstanceIdentifier(), instance.engine(), false));
      }
    }
    for (DBCluster cluster : rds.describeDBClustersPaginator(b -> {}).dbClusters()) {
      if (selection.selects(cluster.dbClusterIdentifier(), tags(cluster.tagList()))) {
        selected.add(new Database(cluster.dbClusterIdentifier(), cluster.engine(), true));
      }
    }
    return selected;
  }

  private static Map<String, String> tags(List<Tag> tags) {
    return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
  }
}
