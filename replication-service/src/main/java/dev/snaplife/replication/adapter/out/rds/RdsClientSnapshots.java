package dev.snaplife.replication.adapter.out.rds;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.replication.application.port.RdsSnapshots;
import dev.snaplife.replication.domain.Location;
import dev.snaplife.replication.domain.Replica;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AccountQuota;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * RDS in every location replication reaches, each through its own client (the destination region,
 * and the destination account's assumed role). AWS's refusals that need a person become {@link
 * StepRefused} with a reason that says what to fix; throttling and 5xx stay exceptions, retried by
 * redelivery.
 */
public final class RdsClientSnapshots implements RdsSnapshots {

  /** A location's quota is read again after this long, or when it looks full. */
  static final Duration QUOTA_FRESHNESS = Duration.ofSeconds(60);

  private final Function<Location, RdsClient> clients;
  private final Clock clock;
  private final Map<String, CachedQuota> quotas = new ConcurrentHashMap<>();

  public RdsClientSnapshots(Function<Location, RdsClient> clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  @Override
  public Optional<Replica> find(Location location, DatabaseKind kind, String identifier) {
    RdsClient rds = clients.apply(location);
    return call(
        location,
        () -> {
          try {
            if (kind == DatabaseKind.DB_CLUSTER) {
              return rds
                  .describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(identifier))
                  .dbClusterSnapshots()
                  .stream()
                  .findFirst()
                  .map(RdsClientSnapshots::replica);
            }
            return rds
                .describeDBSnapshots(b -> b.dbSnapshotIdentifier(identifier))
                .dbSnapshots()
                .stream()
                .findFirst()
                .map(RdsClientSnapshots::replica);
          } catch (AwsServiceException e) {
            if (notFound(e)) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  @Override
  public void share(Location home, Replica snapshot, List<String> accounts) {
    RdsClient rds = clients.apply(home);
    call(
        home,
        () -> {
          if (snapshot.kind() == DatabaseKind.DB_CLUSTER) {
            rds.modifyDBClusterSnapshotAttribute(
                b ->
                    b.dbClusterSnapshotIdentifier(snapshot.identifier())
                        .attributeName("restore")
                        .valuesToAdd(accounts));
          } else {
            rds.modifyDBSnapshotAttribute(
                b ->
                    b.dbSnapshotIdentifier(snapshot.identifier())
                        .attributeName("restore")
                        .valuesToAdd(accounts));
          }
          return null;
        });
  }

  @Override
  public Replica copy(
      Location target,
      Replica source,
      String targetIdentifier,
      @Nullable String kmsKeyId,
      Map<String, String> tags,
      boolean copySourceTags) {
    RdsClient rds = clients.apply(target);
    List<Tag> tagList = new ArrayList<>();
    tags.forEach((k, v) -> tagList.add(Tag.builder().key(k).value(v).build()));
    // Another region: the SDK pre-signs the source region's URL RDS needs for encrypted copies.
    String sourceRegion = source.region().equals(target.region()) ? null : source.region();
    // The source by ARN: required for a shared snapshot and for one in another region.
    String sourceId =
        source.accountId().equals(target.accountId()) && sourceRegion == null
            ? source.identifier()
            : source.arn();
    Replica copy =
        call(
            target,
            () -> {
              try {
                if (source.kind() == DatabaseKind.DB_CLUSTER) {
                  return replica(
                      rds.copyDBClusterSnapshot(
                              b ->
                                  b.sourceDBClusterSnapshotIdentifier(sourceId)
                                      .targetDBClusterSnapshotIdentifier(targetIdentifier)
                                      .kmsKeyId(kmsKeyId)
                                      .copyTags(copySourceTags)
                                      .tags(tagList)
                                      .sourceRegion(sourceRegion))
                          .dbClusterSnapshot());
                }
                return replica(
                    rds.copyDBSnapshot(
                            b ->
                                b.sourceDBSnapshotIdentifier(sourceId)
                                    .targetDBSnapshotIdentifier(targetIdentifier)
                                    .kmsKeyId(kmsKeyId)
                                    .copyTags(copySourceTags)
                                    .tags(tagList)
                                    .sourceRegion(sourceRegion))
                        .dbSnapshot());
              } catch (AwsServiceException e) {
                String code = code(e);
                if ("DBSnapshotAlreadyExists".equals(code)
                    || "DBClusterSnapshotAlreadyExistsFault".equals(code)) {
                  throw new AlreadyExists(targetIdentifier);
                }
                if (code.startsWith("SnapshotQuotaExceeded")) {
                  // The next look at the quota must be RDS's, not what was cached.
                  quotas.remove(quotaKey(target, source.kind()));
                }
                throw e;
              }
            });
    CachedQuota cached = quotas.get(quotaKey(target, source.kind()));
    if (cached != null) {
      cached.used++;
    }
    return copy;
  }

  @Override
  public Quota manualSnapshotQuota(Location location, DatabaseKind kind) {
    String key = quotaKey(location, kind);
    CachedQuota cached = quotas.get(key);
    Instant now = clock.instant();
    if (cached != null
        && cached.used < cached.max
        && now.isBefore(cached.readAt.plus(QUOTA_FRESHNESS))) {
      return new Quota(cached.used, cached.max);
    }
    String name = kind == DatabaseKind.DB_CLUSTER ? "ManualClusterSnapshots" : "ManualSnapshots";
    RdsClient rds = clients.apply(location);
    Quota quota =
        call(
            location,
            () -> {
              for (AccountQuota q : rds.describeAccountAttributes().accountQuotas()) {
                if (name.equals(q.accountQuotaName())) {
                  return new Quota(q.used(), q.max());
                }
              }
              return new Quota(0, Long.MAX_VALUE);
            });
    CachedQuota fresh = new CachedQuota();
    fresh.used = quota.used();
    fresh.max = quota.max();
    fresh.readAt = now;
    quotas.put(key, fresh);
    return quota;
  }

  @Override
  public List<Replica> manualSnapshots(Location location) {
    RdsClient rds = clients.apply(location);
    return call(
        location,
        () -> {
          List<Replica> all = new ArrayList<>();
          rds.describeDBSnapshotsPaginator(b -> b.snapshotType("manual"))
              .dbSnapshots()
              .forEach(s -> all.add(replica(s)));
          rds.describeDBClusterSnapshotsPaginator(b -> b.snapshotType("manual"))
              .dbClusterSnapshots()
              .forEach(s -> all.add(replica(s)));
          return all;
        });
  }

  @Override
  public void delete(Location location, Replica snapshot) {
    RdsClient rds = clients.apply(location);
    call(
        location,
        () -> {
          try {
            if (snapshot.kind() == DatabaseKind.DB_CLUSTER) {
              rds.deleteDBClusterSnapshot(
                  b -> b.dbClusterSnapshotIdentifier(snapshot.identifier()));
            } else {
              rds.deleteDBSnapshot(b -> b.dbSnapshotIdentifier(snapshot.identifier()));
            }
          } catch (AwsServiceException e) {
            if (!notFound(e)) {
              throw e;
            }
          }
          return null;
        });
  }

  /**
   * Runs a call, turning what a person must fix into {@link StepRefused}: a key or grant, a role
   * that cannot be assumed, a missing snapshot, a quota.
   */
  private static <T> T call(Location location, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      // Credentials of another account come from STS: its refusal is the role's, not RDS's.
      StsException sts = stsCause(e);
      if (sts != null) {
        throw new StepRefused(
            "RoleNotAssumable",
            "the role for "
                + location.accountId()
                + " cannot be assumed ("
                + code(sts)
                + "): check that the destination role's trust policy allows this service's role,"
                + " and snaplife.replication.destinations.*.role-arn",
            false);
      }
      if (e instanceof AwsServiceException service) {
        StepRefused refused = refusal(location, service);
        if (refused != null) {
          throw refused;
        }
      }
      throw e;
    }
  }

  static @Nullable StepRefused refusal(Location location, AwsServiceException e) {
    String code = code(e);
    String message = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorMessage();
    return switch (code) {
      case "KMSKeyNotAccessibleFault" ->
          new StepRefused(
              code,
              "RDS in "
                  + location
                  + " cannot use the KMS key ("
                  + message
                  + "): the key must exist in "
                  + location.region()
                  + " and the copying role needs kms:CreateGrant and kms:DescribeKey on it; a"
                  + " shared snapshot's source key must also grant the destination account"
                  + " kms:Decrypt, kms:DescribeKey and kms:CreateGrant",
              false);
      case "DBSnapshotNotFound", "DBClusterSnapshotNotFoundFault" ->
          new StepRefused(
              code,
              "the snapshot is not found in "
                  + location
                  + " ("
                  + message
                  + "): it was deleted, or is not shared with this account",
              false);
      case "InvalidDBSnapshotState", "InvalidDBClusterSnapshotStateFault" ->
          new StepRefused(
              code, "the snapshot is not available in " + location + " (" + message + ")", true);
      case "SnapshotQuotaExceeded", "SnapshotQuotaExceededFault" ->
          new StepRefused(code, message, true);
      case "AccessDenied", "AccessDeniedException", "AuthorizationError", "UnauthorizedOperation" ->
          new StepRefused(
              code,
              "not allowed in " + location + " (" + message + "): grant the role the RDS action",
              false);
      default -> null;
    };
  }

  private static @Nullable StsException stsCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StsException sts) {
        return sts;
      }
    }
    return null;
  }

  private static boolean notFound(AwsServiceException e) {
    String code = code(e);
    return "DBSnapshotNotFound".equals(code) || "DBClusterSnapshotNotFoundFault".equals(code);
  }

  private static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? String.valueOf(e.statusCode())
        : e.awsErrorDetails().errorCode();
  }

  private static String quotaKey(Location location, DatabaseKind kind) {
    return location + "/" + kind;
  }

  static Replica replica(DBSnapshot s) {
    return new Replica(
        DatabaseKind.DB_INSTANCE,
        s.dbSnapshotIdentifier(),
        s.dbSnapshotArn(),
        s.dbInstanceIdentifier(),
        String.valueOf(s.status()),
        s.snapshotCreateTime(),
        s.engine(),
        s.engineVersion(),
        Boolean.TRUE.equals(s.encrypted()),
        s.kmsKeyId(),
        s.allocatedStorage(),
        tags(s.tagList()));
  }

  static Replica replica(DBClusterSnapshot s) {
    return new Replica(
        DatabaseKind.DB_CLUSTER,
        s.dbClusterSnapshotIdentifier(),
        s.dbClusterSnapshotArn(),
        s.dbClusterIdentifier(),
        String.valueOf(s.status()),
        s.snapshotCreateTime(),
        s.engine(),
        s.engineVersion(),
        Boolean.TRUE.equals(s.storageEncrypted()),
        s.kmsKeyId(),
        s.allocatedStorage(),
        tags(s.tagList()));
  }

  private static Map<String, String> tags(@Nullable List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> map.put(t.key(), t.value() == null ? "" : t.value()));
    }
    return map;
  }

  private static final class CachedQuota {
    volatile long used;
    volatile long max;
    volatile Instant readAt = Instant.EPOCH;
  }
}
