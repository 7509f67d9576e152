package dev.snaplife.deploy.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.deploy.HomeStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each service's task role grants exactly what its code calls: every AWS operation found in the
 * service's compiled code (the names {@code snaplife.aws.calls} counts) mapped to its IAM actions
 * must be granted, and every granted action must be needed by one of them.
 */
class RolePermissionsTest {

  private static final ResourceNames NAMES = new ResourceNames("snaplife");
  private static final Map<String, Object> TEMPLATE = new HomeStack(NAMES).template().toMap();
  private static final AwsOperationScanner SCANNER =
      new AwsOperationScanner(RolePermissionsTest.class.getClassLoader());

  @ParameterizedTest
  @EnumSource(SnaplifeService.class)
  void theRoleGrantsWhatTheCodeCallsAndNothingElse(SnaplifeService service) {
    Set<String> operations = SCANNER.operationsOf(servicePackage(service));
    System.out.printf("%s calls %d operations: %s%n", service, operations.size(), operations);

    RoleCheck check =
        RoleCheck.of(IamActions.requiredBy(operations), TaskRoleGrants.of(TEMPLATE, service));

    assertThat(check.problems()).as(service + "'s role").isEmpty();
  }

  @Test
  void aMissingActionAndAnUnusedOneAreBothReported() {
    SnaplifeService service = SnaplifeService.SNAPSHOT;
    Map<String, Set<String>> required =
        IamActions.requiredBy(SCANNER.operationsOf(servicePackage(service)));
    Set<String> granted = new TreeSet<>(TaskRoleGrants.of(TEMPLATE, service));

    granted.remove("rds:CreateDBSnapshot");
    granted.add("rds:DeleteDBInstance");

    assertThat(RoleCheck.of(required, granted).problems())
        .containsExactly(
            "missing rds:CreateDBSnapshot, needed by [Rds:CreateDBSnapshot]",
            "unused rds:DeleteDBInstance: no operation of the code needs it");
  }

  @Test
  void theScannerFindsCallsThroughPaginatorsMethodReferencesAndAssumedRoles() {
    assertThat(SCANNER.operationsOf("snapshot"))
        .contains("Rds:DescribeDBSnapshots", "Rds:CreateDBSnapshot", "EventBridge:PutEvents");
    assertThat(SCANNER.operationsOf("replication")).contains("Sts:AssumeRole", "Kms:DescribeKey");
    assertThat(SCANNER.operationsOf("notifier"))
        .contains("Sns:Publish")
        .doesNotContain("Rds:CreateDBSnapshot");
  }

  static String servicePackage(SnaplifeService service) {
    return service.name().toLowerCase(Locale.ROOT);
  }

  /** Required against granted, both ways. */
  record RoleCheck(List<String> problems) {

    static RoleCheck of(Map<String, Set<String>> required, Set<String> granted) {
      Map<String, String> grantedByLowerCase = new TreeMap<>();
      granted.forEach(a -> grantedByLowerCase.put(a.toLowerCase(Locale.ROOT), a));
      List<String> problems = new ArrayList<>();
      required.forEach(
          (action, operations) -> {
            if (grantedByLowerCase.remove(action.toLowerCase(Locale.ROOT)) == null) {
              problems.add("missing " + action + ", needed by " + operations);
            }
          });
      grantedByLowerCase
          .values()
          .forEach(a -> problems.add("unused " + a + ": no operation of the code needs it"));
      return new RoleCheck(problems);
    }
  }
}
