package dev.snaplife.archive.application.port;

import dev.snaplife.archive.domain.DatabaseCredentials;

/** Database logins in Secrets Manager. */
public interface CredentialStore {

  /** A secret read: its ARN (for events) and the login (never for events). */
  record Secret(String arn, DatabaseCredentials credentials) {}

  /**
   * @param secretId a name or ARN
   * @throws SecretUnavailableException when there is no such secret or it holds no usable login
   */
  Secret read(String secretId);

  final class SecretUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SecretUnavailableException(String message) {
      super(message);
    }
  }
}
