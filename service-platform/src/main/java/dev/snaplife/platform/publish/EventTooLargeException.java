package dev.snaplife.platform.publish;

import dev.snaplife.platform.consume.PermanentFailureException;

/**
 * An event that can never fit one EventBridge entry: retrying cannot help, so it is not retried.
 */
public class EventTooLargeException extends PermanentFailureException {

  private static final long serialVersionUID = 1L;

  public EventTooLargeException(String message) {
    super(message);
  }
}
