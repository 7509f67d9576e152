package dev.snaplife.deploy.iam;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IAM actions an AWS operation needs (the Service Authorization Reference): by default {@code
 * <prefix>:<Operation>}, with the exceptions listed; plus the actions a call needs beyond its own
 * (keys of encrypted queues, topics and buckets, roles handed to AWS, tags written on creation).
 */
public final class IamActions {

  private static final Map<String, String> PREFIX =
      Map.ofEntries(
          Map.entry("Rds", "rds"),
          Map.entry("DynamoDb", "dynamodb"),
          Map.entry("EventBridge", "events"),
          Map.entry("Sqs", "sqs"),
          Map.entry("Sns", "sns"),
          Map.entry("S3", "s3"),
          Map.entry("Glue", "glue"),
          Map.entry("Kms", "kms"),
          Map.entry("Sts", "sts"),
          Map.entry("SecretsManager", "secretsmanager"),
          Map.entry("Scheduler", "scheduler"),
          Map.entry("CloudWatch", "cloudwatch"));

  /** Operations authorised under another action's name. */
  private static final Map<String, List<String>> RENAMED =
      Map.ofEntries(
          Map.entry("S3:ListObjectsV2", List.of("s3:ListBucket")),
          Map.entry("S3:ListObjects", List.of("s3:ListBucket")),
          Map.entry("S3:HeadBucket", List.of("s3:ListBucket")),
          Map.entry("S3:HeadObject", List.of("s3:GetObject")),
          Map.entry("S3:CreateMultipartUpload", List.of("s3:PutObject")),
          Map.entry("S3:UploadPart", List.of("s3:PutObject")),
          Map.entry("S3:CompleteMultipartUpload", List.of("s3:PutObject")),
          Map.entry("S3:DeleteObjects", List.of("s3:DeleteObject")),
          Map.entry("S3:ListMultipartUploads", List.of("s3:ListBucketMultipartUploads")),
          Map.entry("S3:ListParts", List.of("s3:ListMultipartUploadParts")),
          Map.entry("S3:GetBucketLifecycleConfiguration", List.of("s3:GetLifecycleConfiguration")),
          Map.entry("S3:PutBucketLifecycleConfiguration", List.of("s3:PutLifecycleConfiguration")),
          Map.entry("S3:DeleteBucketLifecycle", List.of("s3:PutLifecycleConfiguration")),
          Map.entry("Sqs:SendMessageBatch", List.of("sqs:SendMessage")),
          Map.entry("Sqs:DeleteMessageBatch", List.of("sqs:DeleteMessage")),
          Map.entry("Sqs:ChangeMessageVisibilityBatch", List.of("sqs:ChangeMessageVisibility")),
          Map.entry("Sns:PublishBatch", List.of("sns:Publish")),
          // Always allowed: AWS does not authorise it.
          Map.entry("Sts:GetCallerIdentity", List.of()));

  private static final List<String> ENCRYPT = List.of("kms:Decrypt", "kms:GenerateDataKey");
  private static final List<String> DECRYPT = List.of("kms:Decrypt");

  /** What a call needs besides its own action, and why. */
  private static final Map<String, List<String>> IMPLIED =
      Map.ofEntries(
          // The environment's queues, topics and buckets are encrypted with its key.
          Map.entry("Sqs:SendMessage", ENCRYPT),
          Map.entry("Sqs:SendMessageBatch", ENCRYPT),
          Map.entry("Sqs:ReceiveMessage", DECRYPT),
          Map.entry("Sns:Publish", ENCRYPT),
          Map.entry("S3:PutObject", ENCRYPT),
          Map.entry("S3:CreateMultipartUpload", ENCRYPT),
          Map.entry("S3:UploadPart", ENCRYPT),
          Map.entry("S3:CompleteMultipartUpload", ENCRYPT),
          Map.entry("S3:GetObject", DECRYPT),
          // Snapshots are tagged as they are made (ownership, lifecycle).
          Map.entry("Rds:CreateDBSnapshot", List.of("rds:AddTagsToResource")),
          Map.entry("Rds:CreateDBClusterSnapshot", List.of("rds:AddTagsToResource")),
          // Copies are tagged and re-encrypted with the destination's key (RDS makes a grant).
          Map.entry(
              "Rds:CopyDBSnapshot",
              List.of("rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey")),
          Map.entry(
              "Rds:CopyDBClusterSnapshot",
              List.of("rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey")),
          // RDS exports with the export role and the environment's key.
          Map.entry(
              "Rds:StartExportTask", List.of("iam:PassRole", "kms:CreateGrant", "kms:DescribeKey")),
          // Crawlers and schedules run as roles handed to Glue and the Scheduler.
          Map.entry("Glue:CreateCrawler", List.of("iam:PassRole")),
          Map.entry("Glue:UpdateCrawler", List.of("iam:PassRole")),
          Map.entry("Scheduler:CreateSchedule", List.of("iam:PassRole")),
          Map.entry("Scheduler:UpdateSchedule", List.of("iam:PassRole")));

  private IamActions() {}

  /** The actions the operations need, each mapped to the operations that need it. */
  public static Map<String, Set<String>> requiredBy(Set<String> operations) {
    Map<String, Set<String>> required = new java.util.TreeMap<>();
    for (String operation : operations) {
      for (String action : actionsOf(operation)) {
        required.computeIfAbsent(action, a -> new TreeSet<>()).add(operation);
      }
    }
    return required;
  }

  static List<String> actionsOf(String operation) {
    List<String> actions = new java.util.ArrayList<>();
    List<String> renamed = RENAMED.get(operation);
    if (renamed != null) {
      actions.addAll(renamed);
    } else {
      int colon = operation.indexOf(':');
      String prefix = PREFIX.get(operation.substring(0, colon));
      if (prefix == null) {
        throw new IllegalArgumentException(
            "no IAM prefix known for the SDK service of " + operation + ": add it to PREFIX");
      }
      actions.add(prefix + ":" + operation.substring(colon + 1));
    }
    actions.addAll(IMPLIED.getOrDefault(operation, List.of()));
    return actions;
  }
}
