package dev.snaplife.deploy;

import static dev.snaplife.deploy.template.Fn.eachOf;
import static dev.snaplife.deploy.template.Fn.obj;

import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.contracts.routing.Topology;
import dev.snaplife.deploy.template.PolicyDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each service's task role may do: the actions its code calls (RolePermissionsTest compares
 * them both ways with the operations in the compiled code), each on that service's own resources.
 * RDS snapshots are destroyed only when they carry the environment's ownership tag, and nobody,
 * Snaplife included, may remove or add that tag after creation.
 */
public final class ServiceRoles {

  /** The tag RDS snapshots made by an environment carry (snapshot-service, replication-service). */
  public static final String OWNERSHIP_TAG = "snaplife:environment";

  /** Actions that never appear alone: what KMS-encrypted queues, topics and buckets need. */
  static final List<String> ENCRYPT = List.of("kms:Decrypt", "kms:GenerateDataKey");

  private final ResourceNames names;
  private final Arns arns;

  ServiceRoles(ResourceNames names) {
    this.names = names;
    this.arns = new Arns(names);
  }

  /** The policy of the service's task role. */
  public PolicyDocument policyOf(SnaplifeService service) {
    PolicyDocument policy = new PolicyDocument();
    // The platform, in every service: its own queue and dead-letter queue, its tables, the bus.
    policy.allow(
        "OwnQueues",
        List.of(
            "sqs:ChangeMessageVisibility",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "sqs:GetQueueUrl",
            "sqs:ReceiveMessage",
            "sqs:SendMessage"),
        List.of(arns.queue(service), arns.deadLetterQueue(service)));
    policy.allow("EnvironmentKey", ENCRYPT, arns.key());
    policy.allow("OwnTables", tableActions(service), ownTables(service));
    policy.allow("PublishOwnEvents", List.of("events:PutEvents"), arns.bus());
    switch (service) {
      case SNAPSHOT -> snapshot(policy);
      case REPLICATION -> replication(policy);
      case EXPORT -> export(policy);
      case ARCHIVE -> archive(policy);
      case NOTIFIER -> notifier(policy);
    }
    return policy;
  }

  static List<String> tableActions(SnaplifeService service) {
    List<String> actions =
        new ArrayList<>(
            List.of(
                "dynamodb:DeleteItem",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem"));
    // Claims of a batch of snapshots (snapshot), and of pooled slots (replication, export).
    if (service != SnaplifeService.ARCHIVE && service != SnaplifeService.NOTIFIER) {
      actions.add("dynamodb:BatchGetItem");
    }
    if (service == SnaplifeService.SNAPSHOT || service == SnaplifeService.NOTIFIER) {
      actions.add("dynamodb:BatchWriteItem");
    }
    actions.sort(String::compareTo);
    return actions;
  }

  private List<Object> ownTables(SnaplifeService service) {
    List<Object> tables = new ArrayList<>();
    tables.add(arns.table(names.processedEventsTable(service)));
    for (Topology.TableSpec table : Topology.SERVICE_TABLES.getOrDefault(service, List.of())) {
      tables.add(arns.table(names.serviceTable(service, table.purpose())));
    }
    return tables;
  }

  /** Policies' schedules (snapshot-service's backups, archive-service's dumps). */
  private void schedules(PolicyDocument policy) {
    policy.allow(
        "OwnSchedules",
        List.of(
            "scheduler:CreateSchedule",
            "scheduler:DeleteSchedule",
            "scheduler:GetSchedule",
            "scheduler:UpdateSchedule"),
        arns.schedules());
    // ListSchedules has no resource to scope to.
    policy.allow("ListSchedules", List.of("scheduler:ListSchedules"), "*");
    policy.allow(
        "HandSchedulesTheirRole",
        List.of("iam:PassRole"),
        arns.role(names.schedulerRole()),
        obj("StringEquals", obj("iam:PassedToService", "scheduler.amazonaws.com")));
  }

  private void snapshot(PolicyDocument policy) {
    schedules(policy);
    policy.allow(
        "ReadFleet",
        List.of(
            "rds:DescribeDBClusterSnapshots",
            "rds:DescribeDBClusters",
            "rds:DescribeDBInstances",
            "rds:DescribeDBSnapshots"),
        List.of(
            arns.rds("db:*"),
            arns.rds("cluster:*"),
            arns.rds("snapshot:*"),
            arns.rds("cluster-snapshot:*")));
    quotas(policy);
    policy.allow(
        "TakeSnapshots",
        List.of("rds:CreateDBClusterSnapshot", "rds:CreateDBSnapshot"),
        List.of(
            arns.rds("db:*"),
            arns.rds("cluster:*"),
            arns.rds("snapshot:*"),
            arns.rds("cluster-snapshot:*")));
    tagNewSnapshots(policy, List.of(arns.rds("snapshot:*"), arns.rds("cluster-snapshot:*")));
    deleteOwnSnapshots(
        policy, List.of(arns.rds("snapshot:*")), List.of(arns.rds("cluster-snapshot:*")));
  }

  private void replication(PolicyDocument policy) {
    List<Object> snapshots = List.of(arns.rds("snapshot:*"), arns.rdsInCopyRegion("snapshot:*"));
    List<Object> clusterSnapshots =
        List.of(arns.rds("cluster-snapshot:*"), arns.rdsInCopyRegion("cluster-snapshot:*"));
    List<Object> all = new ArrayList<>(snapshots);
    all.addAll(clusterSnapshots);
    policy.allow(
        "ReadSnapshots", List.of("rds:DescribeDBClusterSnapshots", "rds:DescribeDBSnapshots"), all);
    quotas(policy);
    policy.allow(
        "ShareOwnSnapshots",
        List.of("rds:ModifyDBClusterSnapshotAttribute", "rds:ModifyDBSnapshotAttribute"),
        List.of(arns.rds("snapshot:*"), arns.rds("cluster-snapshot:*")),
        obj("StringEquals", obj("rds:snapshot-tag/" + OWNERSHIP_TAG, names.environment())));
    policy.allow("CopySnapshots", List.of("rds:CopyDBClusterSnapshot", "rds:CopyDBSnapshot"), all);
    tagNewSnapshots(policy, all);
    deleteOwnSnapshots(policy, snapshots, clusterSnapshots);
    policy.allow(
        "ReencryptCopies",
        List.of("kms:CreateGrant", "kms:DescribeKey"),
        List.of(arns.key(), arns.keysInCopyRegion()));
    policy.allow(
        "CopyIntoDestinationAccounts",
        List.of("sts:AssumeRole"),
        eachOf(
            "arn:${AWS::Partition}:iam::",
            HomeStack.DESTINATION_ACCOUNTS,
            ":role/" + DestinationStack.replicationRole(names)));
  }

  private void export(PolicyDocument policy) {
    List<Object> snapshots =
        List.of(
            arns.rds("snapshot:*"),
            arns.rds("cluster-snapshot:*"),
            arns.rdsInCopyRegion("snapshot:*"),
            arns.rdsInCopyRegion("cluster-snapshot:*"));
    policy.allow(
        "ExportSnapshots", List.of("rds:ListTagsForResource", "rds:StartExportTask"), snapshots);
    // DescribeExportTasks has no resource to scope to.
    policy.allow("FollowExports", List.of("rds:DescribeExportTasks"), "*");
    policy.allow(
        "HandRdsAndGlueTheirRoles",
        List.of("iam:PassRole"),
        List.of(arns.role(HomeStack.exportRole(names)), arns.role(HomeStack.crawlerRole(names))),
        obj(
            "StringEquals",
            obj("iam:PassedToService", List.of("export.rds.amazonaws.com", "glue.amazonaws.com"))));
    policy.allow(
        "EncryptExports",
        List.of("kms:CreateGrant", "kms:DescribeKey"),
        List.of(arns.key(), arns.keysInCopyRegion()));
    policy.allow(
        "Catalogue",
        List.of(
            "glue:CreateCrawler",
            "glue:CreateDatabase",
            "glue:GetCrawler",
            "glue:GetTables",
            "glue:StartCrawler",
            "glue:UpdateCrawler"),
        List.of(
            arns.glue("catalog"),
            arns.glue("database/*"),
            arns.glue("table/*/*"),
            arns.glue("crawler/*")));
    policy.allow(
        "ExportsInDestinationAccounts",
        List.of("sts:AssumeRole"),
        eachOf(
            "arn:${AWS::Partition}:iam::",
            HomeStack.DESTINATION_ACCOUNTS,
            ":role/" + exportAccessRole(names)));
    policy.allow("ListExports", List.of("s3:ListBucket"), arns.exportsBucketsOfEveryRegion());
    policy.allow(
        "ExpireExports",
        List.of("s3:DeleteObject"),
        arns.objectsIn(arns.exportsBucketsOfEveryRegion()));
  }

  private void archive(PolicyDocument policy) {
    schedules(policy);
    policy.allow(
        "FindDatabases",
        List.of("rds:DescribeDBClusters", "rds:DescribeDBInstances"),
        List.of(arns.rds("db:*"), arns.rds("cluster:*")));
    policy.allow(
        "DatabaseLogins",
        List.of("secretsmanager:GetSecretValue"),
        arns.secrets(names.environment() + "/"));
    policy.allow(
        "BucketUpkeep",
        List.of(
            "s3:GetLifecycleConfiguration",
            "s3:ListBucketMultipartUploads",
            "s3:PutLifecycleConfiguration"),
        arns.archivesBucket());
    policy.allow(
        "Archives",
        List.of(
            "s3:AbortMultipartUpload",
            "s3:DeleteObject",
            "s3:GetObject",
            "s3:PutObject",
            "s3:RestoreObject"),
        arns.objectsIn(arns.archivesBucket()));
  }

  private void notifier(PolicyDocument policy) {
    policy.allow(
        "Notify",
        List.of("sns:Publish"),
        List.of(arns.topic(names.infoTopic()), arns.topic(names.alertsTopic())));
  }

  private void quotas(PolicyDocument policy) {
    // DescribeAccountAttributes has no resource to scope to.
    policy.allow("ReadQuotas", List.of("rds:DescribeAccountAttributes"), "*");
  }

  /** Tags only as a snapshot is made: the request must carry the environment's ownership tag. */
  private void tagNewSnapshots(PolicyDocument policy, List<Object> snapshots) {
    policy.allow(
        "TagNewSnapshots",
        List.of("rds:AddTagsToResource"),
        snapshots,
        obj("StringEquals", obj("aws:RequestTag/" + OWNERSHIP_TAG, names.environment())));
    policy.deny(
        "KeepOwnershipTags", List.of("rds:RemoveTagsFromResource"), "*", touchesOwnershipTag());
  }

  private void deleteOwnSnapshots(
      PolicyDocument policy, List<Object> snapshots, List<Object> clusterSnapshots) {
    policy.allow(
        "DeleteOwnSnapshots",
        List.of("rds:DeleteDBSnapshot"),
        snapshots,
        obj("StringEquals", obj("rds:snapshot-tag/" + OWNERSHIP_TAG, names.environment())));
    policy.allow(
        "DeleteOwnClusterSnapshots",
        List.of("rds:DeleteDBClusterSnapshot"),
        clusterSnapshots,
        obj("StringEquals", obj("rds:cluster-snapshot-tag/" + OWNERSHIP_TAG, names.environment())));
  }

  /**
   * The role export-service assumes to export copies made in another account (configured as {@code
   * snaplife.export.roles}); the account creates it.
   */
  public static String exportAccessRole(ResourceNames names) {
    return names.environment() + "-export-access";
  }

  /** A request that adds or removes any of Snaplife's tags. */
  static Map<String, Object> touchesOwnershipTag() {
    return obj("ForAnyValue:StringLike", obj("aws:TagKeys", List.of("snaplife:*")));
  }
}
