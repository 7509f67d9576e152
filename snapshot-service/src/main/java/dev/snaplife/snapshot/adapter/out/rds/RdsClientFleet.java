package dev.snaplife.snapshot.adapter.out.rds;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.application.port.SnapshotRequestRejected;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AccountQuota;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterSnapshotStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbSnapshotStateException;
import software.amazon.awssdk.services.rds.model.SnapshotQuotaExceededException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The fleet through the RDS API. Describes page 100 at a time (the API's maximum) and read tags
 * from the describe responses, so a run costs one call per hundred databases or snapshots rather
 * than one per snapshot.
 */
public final class RdsClientFleet implements RdsFleet {

  static final int PAGE_SIZE = 100;

  private final RdsClient rds;
  private final Location location;

  public RdsClientFleet(RdsClient rds, Location location) {
    this.rds = rds;
    this.location = location;
  }

  @Override
  public Location location() {
    return location;
  }

  @Override
  public List<Database> databases(DatabaseKind kind) {
    List<Database> databases = new ArrayList<>();
    if (kind == DatabaseKind.DB_INSTANCE) {
      rds.describeDBInstancesPaginator(b -> b.maxRecords(PAGE_SIZE))
          .dbInstances()
          .forEach(i -> databases.add(RdsMapping.database(i)));
    } else {
      rds.describeDBClustersPaginator(b -> b.maxRecords(PAGE_SIZE))
          .dbClusters()
          .forEach(c -> databases.add(RdsMapping.database(c)));
    }
    return databases;
  }

  @Override
  public Optional<Database> database(DatabaseKind kind, String identifier) {
    try {
      if (kind == DatabaseKind.DB_INSTANCE) {
        return rds
            .describeDBInstances(b -> b.dbInstanceIdentifier(identifier))
            .dbInstances()
            .stream()
            .findFirst()
            .map(RdsMapping::database);
      }
      return rds.describeDBClusters(b -> b.dbClusterIdentifier(identifier)).dbClusters().stream()
          .findFirst()
          .map(RdsMapping::database);
    } catch (DbInstanceNotFoundException | DbClusterNotFoundException gone) {
      return Optional.empty();
    }
  }

  @Override
  public List<Snapshot> snapshots(DatabaseKind kind) {
    List<Snapshot> snapshots = new ArrayList<>();
    if (kind == DatabaseKind.DB_INSTANCE) {
      rds.describeDBSnapshotsPaginator(b -> b.maxRecords(PAGE_SIZE))
          .dbSnapshots()
          .forEach(s -> snapshots.add(RdsMapping.snapshot(s)));
    } else {
      rds.describeDBClusterSnapshotsPaginator(b -> b.maxRecords(PAGE_SIZE))
          .dbClusterSnapshots()
          .forEach(s -> snapshots.add(RdsMapping.snapshot(s)));
    }
    return snapshots;
  }

  @Override
  public List<Snapshot> snapshots(DatabaseKind kind, Collection<String> identifiers) {
    List<String> ids = List.copyOf(new java.util.TreeSet<>(identifiers));
    List<Snapshot> snapshots = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += PAGE_SIZE) {
      List<String> chunk = ids.subList(from, Math.min(from + PAGE_SIZE, ids.size()));
      if (kind == DatabaseKind.DB_INSTANCE) {
        rds.describeDBSnapshotsPaginator(
                b -> b.maxRecords(PAGE_SIZE).filters(filter("db-snapshot-id", chunk)))
            .dbSnapshots()
            .forEach(s -> snapshots.add(RdsMapping.snapshot(s)));
      } else {
        rds.describeDBClusterSnapshotsPaginator(
                b -> b.maxRecords(PAGE_SIZE).filters(filter("db-cluster-snapshot-id", chunk)))
            .dbClusterSnapshots()
            .forEach(s -> snapshots.add(RdsMapping.snapshot(s)));
      }
    }
    return snapshots;
  }

  private static Filter filter(String name, List<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  @Override
  public Optional<Snapshot> snapshot(DatabaseKind kind, String identifier) {
    try {
      if (kind == DatabaseKind.DB_INSTANCE) {
        return rds
            .describeDBSnapshots(b -> b.dbSnapshotIdentifier(identifier))
            .dbSnapshots()
            .stream()
            .findFirst()
            .map(RdsMapping::snapshot);
      }
      return rds
          .describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(identifier))
          .dbClusterSnapshots()
          .stream()
          .findFirst()
          .map(RdsMapping::snapshot);
    } catch (DbSnapshotNotFoundException | DbClusterSnapshotNotFoundException gone) {
      return Optional.empty();
    }
  }

  @Override
  public Map<DatabaseKind, SnapshotQuota> manualSnapshotQuotas() {
    Map<DatabaseKind, SnapshotQuota> quotas = new EnumMap<>(DatabaseKind.class);
    for (AccountQuota quota : rds.describeAccountAttributes(b -> {}).accountQuotas()) {
      if ("ManualSnapshots".equals(quota.accountQuotaName())) {
        quotas.put(DatabaseKind.DB_INSTANCE, new SnapshotQuota(quota.used(), quota.max()));
      } else if ("ManualClusterSnapshots".equals(quota.accountQuotaName())) {
        quotas.put(DatabaseKind.DB_CLUSTER, new SnapshotQuota(quota.used(), quota.max()));
      }
    }
    return quotas;
  }

  @Override
  public Snapshot createSnapshot(Database database, String identifier, Map<String, String> tags) {
    List<Tag> tagList =
        tags.entrySet().stream()
            .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
            .collect(Collectors.toList());
    try {
      if (database.kind() == DatabaseKind.DB_INSTANCE) {
        return RdsMapping.snapshot(
            rds.createDBSnapshot(
                    b ->
                        b.dbInstanceIdentifier(database.identifier())
                            .dbSnapshotIdentifier(identifier)
                            .tags(tagList))
                .dbSnapshot());
      }
      return RdsMapping.snapshot(
          rds.createDBClusterSnapshot(
                  b ->
                      b.dbClusterIdentifier(database.identifier())
                          .dbClusterSnapshotIdentifier(identifier)
                          .tags(tagList))
              .dbClusterSnapshot());
    } catch (DbSnapshotAlreadyExistsException | DbClusterSnapshotAlreadyExistsException exists) {
      return snapshot(database.kind(), identifier).orElseThrow(() -> exists);
    } catch (SnapshotQuotaExceededException e) {
      throw rejected(e, "RDS refused the snapshot: the manual snapshot quota is exhausted", true);
    } catch (InvalidDbInstanceStateException | InvalidDbClusterStateException e) {
      throw rejected(
          e, database.identifier() + " cannot be snapshotted in state " + database.status(), true);
    } catch (DbInstanceNotFoundException | DbClusterNotFoundException e) {
      throw rejected(e, database.identifier() + " no longer exists", false);
    } catch (AwsServiceException e) {
      if (accessDenied(e)) {
        throw rejected(e, "not permitted to snapshot " + database.identifier(), false);
      }
      throw e;
    }
  }

  @Override
  public boolean deleteSnapshot(Snapshot snapshot) {
    try {
      if (snapshot.kind() == DatabaseKind.DB_INSTANCE) {
        rds.deleteDBSnapshot(b -> b.dbSnapshotIdentifier(snapshot.identifier()));
      } else {
        rds.deleteDBClusterSnapshot(b -> b.dbClusterSnapshotIdentifier(snapshot.identifier()));
      }
      return true;
    } catch (DbSnapshotNotFoundException | DbClusterSnapshotNotFoundException gone) {
      return false;
    } catch (InvalidDbSnapshotStateException | InvalidDbClusterSnapshotStateException busy) {
      throw rejected(
          busy,
          "RDS refused to delete snapshot "
              + snapshot.identifier()
              + " in its current state (a copy, share or export of it may be running): "
              + message(busy)
              + "; the next run tries again",
          true);
    } catch (AwsServiceException e) {
      if (accessDenied(e)) {
        throw rejected(
            e,
            "not permitted to delete snapshot "
                + snapshot.identifier()
                + ": "
                + message(e)
                + "; grant rds:DeleteDBSnapshot on Snaplife's snapshots",
            false);
      }
      throw e;
    }
  }

  private static boolean accessDenied(AwsServiceException e) {
    return e.statusCode() == 403
        || (e.awsErrorDetails() != null
            && e.awsErrorDetails().errorCode() != null
            && e.awsErrorDetails().errorCode().contains("AccessDenied"));
  }

  private static String message(AwsServiceException e) {
    return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
  }

  private static SnapshotRequestRejected rejected(
      AwsServiceException e, String reason, boolean retryable) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return new SnapshotRequestRejected(new Failure(reason, code, retryable));
  }
}
