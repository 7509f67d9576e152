package dev.snaplife.platform.command;

import java.time.Instant;
import java.util.UUID;

/**
 * Work a service addressed to itself through its own queue: a follow-up it scheduled (sent with a
 * delay), or a timer that EventBridge Scheduler fired. Like events, commands are claimed by id, so
 * each runs once whatever the number of replicas and redeliveries.
 *
 * @param id the idempotency key: derived from what the command stands for, never random
 * @param time when it was sent, or for a timer the firing's scheduled time
 */
public record Command<T>(String name, UUID id, Instant time, T payload) {}
