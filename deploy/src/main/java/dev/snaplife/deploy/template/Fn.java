package dev.snaplife.deploy.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudFormation's intrinsic functions as JSON values, and an ordered map literal: a template is
 * plain maps and lists until it is written.
 */
public final class Fn {

  private Fn() {}

  /** An insertion-ordered map of alternating keys and values; null values are left out. */
  public static Map<String, Object> obj(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        map.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return map;
  }

  public static Map<String, Object> ref(String logicalId) {
    return Map.of("Ref", logicalId);
  }

  public static Map<String, Object> getAtt(String logicalId, String attribute) {
    return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
  }

  /** {@code ${AWS::Region}}, {@code ${Parameter}} and {@code ${Resource.Attribute}} substituted. */
  public static Map<String, Object> sub(String text) {
    return Map.of("Fn::Sub", text);
  }

  public static Map<String, Object> sub(String text, Map<String, Object> variables) {
    return Map.of("Fn::Sub", List.of(text, variables));
  }

  public static Map<String, Object> join(String separator, Object values) {
    return Map.of("Fn::Join", List.of(separator, values));
  }

  public static Map<String, Object> split(String separator, Object text) {
    return Map.of("Fn::Split", List.of(separator, text));
  }

  public static Map<String, Object> ifThen(String condition, Object then, Object otherwise) {
    return Map.of("Fn::If", List.of(condition, then, otherwise));
  }

  public static Map<String, Object> equalsTo(Object left, Object right) {
    return Map.of("Fn::Equals", List.of(left, right));
  }

  public static Map<String, Object> not(Object condition) {
    return Map.of("Fn::Not", List.of(condition));
  }

  public static Map<String, Object> noValue() {
    return ref("AWS::NoValue");
  }

  /**
   * One string per item of a list parameter, each the item inside {@code before…after}: for example
   * the root ARNs of a list of account ids, {@code eachOf("arn:aws:iam::", "Accounts", ":root")}.
   */
  public static Map<String, Object> eachOf(String before, String listParameter, String after) {
    return split(
        ",",
        sub(
            before + "${Items}" + after,
            obj("Items", join(after + "," + before, ref(listParameter)))));
  }

  /** An ARN in this stack's partition, region and account: {@code arn(s3, "", "", "bucket")}. */
  public static Map<String, Object> arn(
      String service, String region, String account, String rest) {
    return sub("arn:${AWS::Partition}:" + service + ":" + region + ":" + account + ":" + rest);
  }

  /** An ARN of this stack's region and account. */
  public static Map<String, Object> localArn(String service, String rest) {
    return arn(service, "${AWS::Region}", "${AWS::AccountId}", rest);
  }
}
