package dev.snaplife.notifier.domain;

import java.util.Map;

/**
 * One message for people: a subject that fits an e-mail line, a readable body, and attributes
 * subscribers filter on ({@code event_type}, {@code severity}, {@code database}, {@code policy}).
 */
public record Notification(
    Channel channel, String subject, String body, Map<String, String> attributes) {

  /** SNS allows 100 characters of subject. */
  static final int MAX_SUBJECT = 100;

  public enum Channel {
    INFO,
    ALERTS
  }

  public Notification {
    subject =
        subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 1) + "…";
    attributes = Map.copyOf(attributes);
  }
}
