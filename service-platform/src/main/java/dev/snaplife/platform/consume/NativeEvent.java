package dev.snaplife.platform.consume;

import dev.snaplife.contracts.routing.NativeEventType;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An event that AWS itself published (RDS, AWS Backup), as EventBridge delivered it.
 *
 * @param id EventBridge's event id, the idempotency key
 * @param detail the service-specific detail, as AWS documents it
 */
public record NativeEvent(
    String id,
    NativeEventType type,
    String account,
    String region,
    Instant time,
    List<String> resources,
    JsonNode detail) {}
