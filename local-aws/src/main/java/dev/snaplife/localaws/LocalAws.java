package dev.snaplife.localaws;

import dev.snaplife.contracts.routing.ResourceNames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The test harness's AWS: {@code AWS_ENDPOINT_URL} when set, otherwise the local moto launcher on
 * 127.0.0.1:4566. If nothing answers, tests fail with how to start it; they never skip.
 *
 * <p>On a machine with Docker, {@code -Dsnaplife.emulator=launcher-container} (or {@code
 * localstack}) runs the emulator in a container instead, once per JVM (see {@link EmulatorMode} and
 * {@link EmulatorContainers}); {@code AWS_ENDPOINT_URL} is then not consulted.
 *
 * <p>Each test class provisions an environment of its own, with a random name, so classes share the
 * emulator without seeing each other's queues or tables.
 */
public final class LocalAws {

  public static final URI DEFAULT_ENDPOINT = URI.create("http://127.0.0.1:4566");

  /** Few attempts: an emulator gap answers 500, and three retries of it would only hide it. */
  public static final int MAX_ATTEMPTS = 2;

  static final String DEFAULT_ACCESS_KEY = "test";

  /** The account moto gives the dummy credentials. */
  static final String DEFAULT_ACCOUNT = "123456789012";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static LocalAws instance;

  private final AwsTarget target;
  private final String accessKey;

  private LocalAws(AwsTarget target, String accessKey) {
    this.target = target;
    this.accessKey = accessKey;
  }

  /**
   * The same emulator in another account: our launcher takes a 12-digit access key id as the
   * account's number, so a test can have an account, and its RDS fleet and quotas, to itself.
   */
  public LocalAws inAccount(String accountId) {
    if (!accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("an account id is 12 digits: " + accountId);
    }
    return new LocalAws(
        new AwsTarget(
            target.endpoint(),
            target.region(),
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accountId, "test")),
            target.maxAttempts()),
        accountId);
  }

  /** A fresh account nobody else uses, for a test that needs an RDS fleet of known size. */
  public LocalAws inFreshAccount() {
    return inAccount(
        String.format("%012d", 300_000_000_000L + (RANDOM.nextLong() >>> 1) % 600_000_000_000L));
  }

  public static synchronized LocalAws get() {
    if (instance == null) {
      EmulatorMode mode = EmulatorMode.selected();
      instance = at(endpointOf(mode), accessKeyFor(mode));
    }
    return instance;
  }

  /** Where the mode's emulator answers: a container started for it, or the local process. */
  static URI endpointOf(EmulatorMode mode) {
    if (mode.usesContainer()) {
      return EmulatorContainers.start(mode);
    }
    URI endpoint =
        Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL"))
            .filter(s -> !s.isBlank())
            .map(URI::create)
            .orElse(DEFAULT_ENDPOINT);
    requireAnswering(endpoint);
    return endpoint;
  }

  /** The harness against an emulator at the endpoint, with its dummy credentials. */
  static LocalAws at(URI endpoint) {
    return at(endpoint, DEFAULT_ACCESS_KEY);
  }

  static LocalAws at(URI endpoint, String accessKey) {
    return new LocalAws(
        new AwsTarget(
            endpoint,
            Region.US_EAST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "test")),
            MAX_ATTEMPTS),
        accessKey);
  }

  /**
   * The emulator's dummy access key: moto maps {@code test} to account {@value #DEFAULT_ACCOUNT},
   * which the tests' events and ARNs name; LocalStack maps {@code test} to 000000000000 but takes a
   * 12-digit key as the account, so there the key is that account's number.
   */
  static String accessKeyFor(EmulatorMode mode) {
    return mode == EmulatorMode.LOCALSTACK ? DEFAULT_ACCOUNT : DEFAULT_ACCESS_KEY;
  }

  static void requireAnswering(URI endpoint) {
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), port), 2000);
    } catch (IOException e) {
      throw new IllegalStateException(
          "No AWS emulator answers at "
              + endpoint
              + ". Start the local one with `scripts/moto.sh start` (or run the whole suite with"
              + " `scripts/test.sh`, which starts it), or point AWS_ENDPOINT_URL at another.",
          e);
    }
  }

  public AwsTarget target() {
    return target;
  }

  public URI endpoint() {
    return target.endpoint();
  }

  /** A fresh, fully provisioned environment with a name no other test uses. */
  public ProvisionedEnvironment newEnvironment() {
    return newEnvironment(ProvisioningOptions.localDefaults("t"));
  }

  public ProvisionedEnvironment newEnvironment(ProvisioningOptions options) {
    ResourceNames names = new ResourceNames("t" + Long.toString(RANDOM.nextLong() >>> 1, 36));
    return new Provisioner(target, names, options).provision();
  }

  /** Properties that point a Snaplife service at this emulator and environment. */
  public Map<String, String> serviceProperties(ResourceNames names) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.cloud.aws.endpoint", target.endpoint().toString());
    properties.put("spring.cloud.aws.region.static", target.region().id());
    properties.put("spring.cloud.aws.credentials.access-key", accessKey);
    properties.put("spring.cloud.aws.credentials.secret-key", "test");
    properties.put("snaplife.environment", names.environment());
    properties.put("snaplife.aws.max-attempts", String.valueOf(MAX_ATTEMPTS));
    return properties;
  }
}
