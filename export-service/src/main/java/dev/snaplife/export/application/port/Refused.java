package dev.snaplife.export.application.port;

import dev.snaplife.platform.failure.ReportedFailure;

/**
 * AWS refused a call for a reason that waiting alone does not cure, in its own words: AWS's error
 * code (ExportTaskLimitReached, KMSKeyNotAccessibleFault, InvalidS3BucketFault...), and whether
 * asking again later may succeed.
 */
public final class Refused extends ReportedFailure {

  private static final long serialVersionUID = 1L;

  public Refused(String errorCode, String message, boolean retryable) {
    super(errorCode, message, retryable);
  }
}
