package dev.snaplife.contracts.event;

import org.jspecify.annotations.Nullable;

/**
 * Why something failed, for people and for automation.
 *
 * @param reason a sentence on-call can act on; never carries secrets
 * @param errorCode the AWS or tool error code, when there is one
 * @param retryable whether trying again later may succeed (throttling, quota freed) or not
 *     (permissions, a deleted database)
 */
public record Failure(String reason, @Nullable String errorCode, boolean retryable) {}
