package dev.snaplife.platform.consume;

/**
 * A failure that retrying cannot fix, found while handling a valid event (an outgoing event that
 * can never fit the bus, say). Like {@link dev.snaplife.contracts.json.InvalidEventException}, the
 * message goes to the dead-letter queue at once with this reason instead of burning its retries.
 */
public class PermanentFailureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PermanentFailureException(String message) {
    super(message);
  }

  public PermanentFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
