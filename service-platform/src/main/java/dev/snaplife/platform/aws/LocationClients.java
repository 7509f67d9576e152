package dev.snaplife.platform.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Clients for the accounts and regions a service reaches besides its own, made on first use and
 * kept: another region with the service's own credentials, another account with the credentials of
 * the role configured for it (assumed through STS, refreshed before they expire).
 */
public final class LocationClients {

  private final SnaplifeAwsClients clients;
  private final String homeAccount;
  private final Map<String, String> rolesByAccount;
  private final StsClient sts;
  private final String sessionName;
  private final Map<String, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();
  private final Map<String, Object> made = new ConcurrentHashMap<>();

  /**
   * @param rolesByAccount the role to assume in each other account
   * @param sessionName the assumed roles' session name, for CloudTrail
   */
  public LocationClients(
      SnaplifeAwsClients clients,
      String homeAccount,
      Map<String, String> rolesByAccount,
      StsClient sts,
      String sessionName) {
    this.clients = clients;
    this.homeAccount = homeAccount;
    this.rolesByAccount = Map.copyOf(rolesByAccount);
    this.sts = sts;
    this.sessionName = sessionName;
  }

  /**
   * The client of type {@code type} for the account and region.
   *
   * @param throttleTolerant built as {@link SnaplifeAwsClients#throttleTolerant}, for RDS
   */
  public <B extends AwsClientBuilder<B, C>, C> C client(
      Class<C> type, Supplier<B> builder, String account, String region, boolean throttleTolerant) {
    return type.cast(
        made.computeIfAbsent(
            type.getName() + "/" + account + "/" + region,
            k ->
                clients.elsewhere(
                    builder.get(), throttleTolerant, Region.of(region), credentialsFor(account))));
  }

  private AwsCredentialsProvider credentialsFor(String account) {
    if (account.equals(homeAccount)) {
      return null;
    }
    String role = rolesByAccount.get(account);
    if (role == null) {
      throw new IllegalStateException("no role configured for account " + account);
    }
    return credentials.computeIfAbsent(
        account,
        a ->
            StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(role).roleSessionName(sessionName))
                .build());
  }
}
