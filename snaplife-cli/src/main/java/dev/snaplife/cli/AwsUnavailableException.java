package dev.snaplife.cli;

/**
 * AWS could not be reached, or refused (access denied, a queue that does not exist): the command
 * could not look, which is exit code 3, distinct from "looked and found a problem" (1).
 */
public final class AwsUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AwsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public AwsUnavailableException(String message) {
    super(message);
  }
}
