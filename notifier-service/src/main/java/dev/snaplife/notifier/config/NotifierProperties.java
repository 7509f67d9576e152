package dev.snaplife.notifier.config;

import dev.snaplife.notifier.application.NotifyOutcomes;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The notifier's settings, under {@code snaplife.notifier}.
 *
 * @param infoTopicArn defaults to the environment's info topic in this account and region
 * @param alertsTopicArn defaults to the environment's alerts topic
 * @param routes per event type (detail-type), where it goes: INFO, ALERTS or NONE; by default
 *     failures and RPO breaches go to alerts, everything else to info
 * @param digestDeadline how long after a run's first event its digest is sent even if incomplete
 * @param ledgerRetention how long the lifecycle ledger keeps a fact ({@code snaplife status});
 *     longer than the longest snapshot or archive retention, so a lifecycle's start is still there
 *     when it expires
 */
@Validated
@ConfigurationProperties("snaplife.notifier")
public record NotifierProperties(
    @Nullable String infoTopicArn,
    @Nullable String alertsTopicArn,
    @DefaultValue Map<String, NotifyOutcomes.Route> routes,
    @DefaultValue("2h") @DurationMin(seconds = 1) Duration digestDeadline,
    @DefaultValue("800d") @DurationMin(days = 1) Duration ledgerRetention) {}
