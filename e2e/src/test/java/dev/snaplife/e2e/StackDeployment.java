package dev.snaplife.e2e;

import static org.awaitility.Awaitility.await;

import dev.snaplife.localaws.AwsTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** One CloudFormation stack created from a template, as {@code aws cloudformation deploy} would. */
final class StackDeployment {

  final String name;
  final Map<String, String> outputs;
  final List<StackResourceSummary> resources;

  private StackDeployment(
      String name, Map<String, String> outputs, List<StackResourceSummary> resources) {
    this.name = name;
    this.outputs = outputs;
    this.resources = resources;
  }

  /** Creates the stack and waits for CREATE_COMPLETE; any other end fails with its reason. */
  static StackDeployment create(
      AwsTarget target, String name, String template, Map<String, String> parameters) {
    try (CloudFormationClient cfn = target.client(CloudFormationClient.builder())) {
      cfn.createStack(
          b ->
              b.stackName(name)
                  .templateBody(template)
                  .capabilities(Capability.CAPABILITY_NAMED_IAM)
                  .parameters(
                      parameters.entrySet().stream()
                          .map(
                              p ->
                                  Parameter.builder()
                                      .parameterKey(p.getKey())
                                      .parameterValue(p.getValue())
                                      .build())
                          .toList()));
      Stack stack =
          await("stack " + name)
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(250))
              .until(
                  () -> cfn.describeStacks(b -> b.stackName(name)).stacks().get(0),
                  s -> !s.stackStatus().toString().endsWith("IN_PROGRESS"));
      if (stack.stackStatus() != StackStatus.CREATE_COMPLETE) {
        throw new AssertionError(
            "stack " + name + " ended " + stack.stackStatus() + ": " + stack.stackStatusReason());
      }
      Map<String, String> outputs = new TreeMap<>();
      stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
      return new StackDeployment(
          name,
          outputs,
          cfn.listStackResourcesPaginator(b -> b.stackName(name)).stackResourceSummaries().stream()
              .toList());
    }
  }
}
