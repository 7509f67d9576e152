package dev.snaplife.cli;

import dev.snaplife.contracts.routing.ResourceNames;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * One AWS call of a command, its failures turned into what an engineer can act on: unreachable,
 * refused, or a resource of the environment that does not exist (not provisioned there). All are
 * {@link AwsUnavailableException}, exit code 3.
 *
 * @param where the endpoint as {@link AwsConnection#describe()} names it
 */
public record AwsCalls(ResourceNames names, String where) {

  /**
   * Runs the call.
   *
   * @param operation the API operation, e.g. {@code PutEvents}
   * @param resource what it acts on, as a message names it, e.g. {@code event bus snaplife-events}
   */
  public <T> T call(String operation, String resource, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      String code = String.valueOf(e.awsErrorDetails().errorCode());
      if (isNotFound(e)) {
        throw missing(resource, e);
      }
      throw new AwsUnavailableException(
          "AWS refused "
              + operation
              + " on "
              + resource
              + " at "
              + where
              + ": "
              + code
              + ": "
              + e.awsErrorDetails().errorMessage(),
          e);
    } catch (SdkClientException e) {
      throw new AwsUnavailableException("cannot reach AWS at " + where + ": " + e.getMessage(), e);
    }
  }

  /** The resource does not exist: the environment is not provisioned where we looked. */
  public AwsUnavailableException missing(String resource, Exception cause) {
    return new AwsUnavailableException(
        resource
            + " does not exist at "
            + where
            + ": environment '"
            + names.environment()
            + "' may not be provisioned there (check SNAPLIFE_ENVIRONMENT or --environment,"
            + " and AWS_REGION)",
        cause);
  }

  /** ResourceNotFoundException, whichever service's class it is; SQS's missing queue too. */
  public static boolean isNotFound(AwsServiceException e) {
    String code = String.valueOf(e.awsErrorDetails().errorCode());
    return e.statusCode() == 404
        || code.contains("NotFound")
        || code.contains("NonExistentQueue")
        || code.contains("QueueDoesNotExist");
  }
}
