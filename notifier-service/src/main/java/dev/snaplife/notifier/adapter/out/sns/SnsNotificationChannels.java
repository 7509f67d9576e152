package dev.snaplife.notifier.adapter.out.sns;

import dev.snaplife.notifier.application.port.NotificationChannels;
import dev.snaplife.notifier.domain.Notification;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes to the info or alerts topic, with the notification's attributes for filter policies.
 */
public final class SnsNotificationChannels implements NotificationChannels {

  private final SnsClient sns;
  private final String infoTopicArn;
  private final String alertsTopicArn;

  public SnsNotificationChannels(SnsClient sns, String infoTopicArn, String alertsTopicArn) {
    this.sns = sns;
    this.infoTopicArn = infoTopicArn;
    this.alertsTopicArn = alertsTopicArn;
  }

  @Override
  public void publish(Notification notification, Notification.Channel channel) {
    Map<String, MessageAttributeValue> attributes = new HashMap<>();
    notification
        .attributes()
        .forEach(
            (name, value) ->
                attributes.put(
                    name,
                    MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
    String topic = channel == Notification.Channel.ALERTS ? alertsTopicArn : infoTopicArn;
    sns.publish(
        b ->
            b.topicArn(topic)
                .subject(notification.subject())
                .message(notification.body())
                .messageAttributes(attributes));
  }
}
