package dev.snaplife.contracts.json;

/**
 * A document that is not a valid Snaplife event: unparseable, of an unknown type, or not matching
 * its schema. Retrying cannot fix it. The message names what is wrong without echoing the document,
 * which may carry data that does not belong in logs.
 */
public class InvalidEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message);
  }

  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
