package dev.snaplife.notifier.application.port;

import dev.snaplife.notifier.domain.Notification;

/** Where notifications go: the info and alerts topics (seed 004's two SNS topics). */
public interface NotificationChannels {

  void publish(Notification notification, Notification.Channel channel);
}
