package dev.snaplife.deploy.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An IAM or resource policy document, built statement by statement. */
public final class PolicyDocument {

  private final List<Map<String, Object>> statements = new ArrayList<>();

  public PolicyDocument allow(String sid, List<String> actions, Object resources) {
    return add(sid, "Allow", null, actions, resources, null);
  }

  public PolicyDocument allow(
      String sid, List<String> actions, Object resources, Map<String, Object> condition) {
    return add(sid, "Allow", null, actions, resources, condition);
  }

  public PolicyDocument deny(
      String sid, List<String> actions, Object resources, Map<String, Object> condition) {
    return add(sid, "Deny", null, actions, resources, condition);
  }

  /** A statement of a resource policy, which names its principal. */
  public PolicyDocument statement(
      String sid,
      String effect,
      Object principal,
      List<String> actions,
      Object resources,
      Map<String, Object> condition) {
    return add(sid, effect, principal, actions, resources, condition);
  }

  /** Refuses every request to the resource that does not come over TLS. */
  public PolicyDocument denyInsecureTransport(String actionPrefix, Object resources) {
    return add(
        "DenyInsecureTransport",
        "Deny",
        "*",
        List.of(actionPrefix + ":*"),
        resources,
        Fn.obj("Bool", Fn.obj("aws:SecureTransport", "false")));
  }

  private PolicyDocument add(
      String sid,
      String effect,
      Object principal,
      List<String> actions,
      Object resources,
      Map<String, Object> condition) {
    statements.add(
        Fn.obj(
            "Sid",
            sid,
            "Effect",
            effect,
            "Principal",
            principal,
            "Action",
            actions.size() == 1 ? actions.get(0) : List.copyOf(actions),
            "Resource",
            resources,
            "Condition",
            condition));
    return this;
  }

  public List<Map<String, Object>> statements() {
    return statements;
  }

  public Map<String, Object> toMap() {
    return Fn.obj("Version", "2012-10-17", "Statement", statements);
  }
}
