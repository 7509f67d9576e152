package dev.snaplife.export.adapter.out.rds;

import dev.snaplife.export.application.port.RdsExports;
import dev.snaplife.export.application.port.Refused;
import dev.snaplife.export.domain.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DescribeExportTasksResponse;
import software.amazon.awssdk.services.rds.model.ExportTaskAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.ExportTaskNotFoundException;
import software.amazon.awssdk.services.rds.model.StartExportTaskResponse;

/** RDS export tasks through the SDK, in the account and region asked for. */
public final class RdsClientExports implements RdsExports {

  /** Refusals that a later attempt may get past: a freed export slot, a key or role fixed. */
  private static final Set<String> RETRYABLE =
      Set.of("ExportTaskLimitReached", "InvalidExportSourceState", "KMSKeyNotAccessibleFault");

  private final Function<Location, RdsClient> rds;

  public RdsClientExports(Function<Location, RdsClient> rds) {
    this.rds = rds;
  }

  @Override
  public ExportTask start(Location at, StartRequest request) {
    try {
      StartExportTaskResponse r =
          rds.apply(at)
              .startExportTask(
                  b -> {
                    b.exportTaskIdentifier(request.taskId())
                        .sourceArn(request.sourceArn())
                        .s3BucketName(request.bucket())
                        .s3Prefix(request.prefix())
                        .iamRoleArn(request.iamRoleArn())
                        .kmsKeyId(request.kmsKeyId());
                    if (!request.exportOnly().isEmpty()) {
                      b.exportOnly(request.exportOnly());
                    }
                  });
      return new ExportTask(
          r.exportTaskIdentifier(),
          r.sourceArn(),
          r.status(),
          r.s3Bucket(),
          r.s3Prefix() == null ? "" : r.s3Prefix(),
          r.failureCause(),
          r.totalExtractedDataInGB());
    } catch (ExportTaskAlreadyExistsException e) {
      throw new AlreadyExists(request.taskId());
    } catch (AwsServiceException e) {
      if (e.isThrottlingException() || e.statusCode() >= 500) {
        throw e;
      }
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if ("ExportTaskAlreadyExists".equals(code) || "ExportTaskAlreadyExistsFault".equals(code)) {
        throw new AlreadyExists(request.taskId());
      }
      String message =
          e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      throw new Refused(
          code,
          "RDS refused to export "
              + request.sourceArn()
              + " to s3://"
              + request.bucket()
              + "/"
              + request.prefix()
              + ": "
              + code
              + ": "
              + message,
          RETRYABLE.contains(code));
    }
  }

  @Override
  public Optional<ExportTask> find(Location at, String taskId) {
    DescribeExportTasksResponse response;
    try {
      response = rds.apply(at).describeExportTasks(b -> b.exportTaskIdentifier(taskId));
    } catch (ExportTaskNotFoundException e) {
      return Optional.empty();
    }
    return response.exportTasks().stream()
        .filter(t -> taskId.equals(t.exportTaskIdentifier()))
        .findFirst()
        .map(
            t ->
                new ExportTask(
                    t.exportTaskIdentifier(),
                    t.sourceArn(),
                    t.status(),
                    t.s3Bucket(),
                    t.s3Prefix() == null ? "" : t.s3Prefix(),
                    t.failureCause(),
                    t.totalExtractedDataInGB()));
  }

  @Override
  public Map<String, String> tags(Location at, String snapshotArn) {
    Map<String, String> tags = new LinkedHashMap<>();
    rds.apply(at)
        .listTagsForResource(b -> b.resourceName(snapshotArn))
        .tagList()
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }
}
