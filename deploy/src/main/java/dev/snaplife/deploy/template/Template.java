package dev.snaplife.deploy.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A CloudFormation template being assembled: parameters, conditions, resources and outputs in the
 * order they were added, written as indented JSON so a regenerated template diffs cleanly.
 */
public final class Template {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final String description;
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final Map<String, Object> conditions = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
  private final Map<String, Object> outputs = new LinkedHashMap<>();

  public Template(String description) {
    this.description = description;
  }

  /** A JSON document (an event pattern) as the plain maps and lists a template is made of. */
  public static Object json(String document) {
    return JSON.readValue(document, Object.class);
  }

  public Template parameter(String name, Map<String, Object> definition) {
    put(parameters, name, definition);
    return this;
  }

  public Template condition(String name, Object definition) {
    put(conditions, name, definition);
    return this;
  }

  /** Adds a resource; returns its definition so callers can add DependsOn, policies… */
  public Map<String, Object> resource(String logicalId, String type, Map<String, Object> props) {
    if (!logicalId.matches("[A-Za-z0-9]+")) {
      throw new IllegalArgumentException("not a logical id: " + logicalId);
    }
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("Type", type);
    resource.put("Properties", props);
    put(resources, logicalId, resource);
    return resource;
  }

  /** A resource kept when the stack is deleted or replaces it: state and keys outlive stacks. */
  public Map<String, Object> retainedResource(
      String logicalId, String type, Map<String, Object> props) {
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("Type", type);
    resource.put("DeletionPolicy", "Retain");
    resource.put("UpdateReplacePolicy", "Retain");
    resource.put("Properties", props);
    put(resources, logicalId, resource);
    return resource;
  }

  /** An IAM role trusted as given, with one inline policy. */
  public Map<String, Object> role(
      String logicalId,
      Object roleName,
      Object description,
      Map<String, Object> trust,
      String policyName,
      PolicyDocument policy) {
    return resource(
        logicalId,
        "AWS::IAM::Role",
        Fn.obj(
            "RoleName",
            roleName,
            "Description",
            description,
            "AssumeRolePolicyDocument",
            trust,
            "Policies",
            List.of(Fn.obj("PolicyName", policyName, "PolicyDocument", policy.toMap()))));
  }

  public Template output(String name, String description, Object value) {
    put(outputs, name, Fn.obj("Description", description, "Value", value));
    return this;
  }

  public Map<String, Map<String, Object>> resources() {
    return resources;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("AWSTemplateFormatVersion", "2010-09-09");
    template.put("Description", description);
    if (!parameters.isEmpty()) {
      template.put("Parameters", parameters);
    }
    if (!conditions.isEmpty()) {
      template.put("Conditions", conditions);
    }
    template.put("Resources", resources);
    if (!outputs.isEmpty()) {
      template.put("Outputs", outputs);
    }
    return template;
  }

  public String toJson() {
    return JSON.writeValueAsString(toMap()) + "\n";
  }

  private static <V> void put(Map<String, V> section, String name, V value) {
    if (section.putIfAbsent(name, value) != null) {
      throw new IllegalStateException("defined twice: " + name);
    }
  }
}
