package dev.snaplife.export.application.port;

/**
 * AWS refused a call for a reason that waiting alone does not cure, in its own words: {@code
 * errorCode} is AWS's (ExportTaskLimitReached, KMSKeyNotAccessibleFault, InvalidS3BucketFault...),
 * and {@code retryable} whether asking again later may succeed. Throttling and 5xx are not
 * refusals: they propagate, and the message is delivered again.
 */
public final class Refused extends RuntimeException {

  private final String errorCode;
  private final boolean retryable;

  public Refused(String errorCode, String message, boolean retryable) {
    super(message);
    this.errorCode = errorCode;
    this.retryable = retryable;
  }

  public String errorCode() {
    return errorCode;
  }

  public boolean retryable() {
    return retryable;
  }
}
