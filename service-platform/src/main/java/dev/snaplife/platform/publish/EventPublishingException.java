package dev.snaplife.platform.publish;

/** Some events were not accepted by the bus after every attempt. Transient: retry the message. */
public class EventPublishingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EventPublishingException(String message) {
    super(message);
  }
}
