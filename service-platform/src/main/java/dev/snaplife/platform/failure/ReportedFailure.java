package dev.snaplife.platform.failure;

/**
 * A failure a use case reports as a fact (a failure event on-call acts on), not one to retry as if
 * transient: a key, a grant, a role, a quota, a tool that failed. Throttling and 5xx are not these:
 * they propagate, and the message is delivered again.
 */
public class ReportedFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final String errorCode;
  private final boolean retryable;

  /**
   * @param errorCode AWS's or the tool's code, carried into the failure event
   * @param retryable whether the same step may succeed later without a change (a quota frees)
   */
  public ReportedFailure(String errorCode, String message, boolean retryable) {
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
