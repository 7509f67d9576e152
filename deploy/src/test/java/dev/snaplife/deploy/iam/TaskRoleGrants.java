package dev.snaplife.deploy.iam;

import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.deploy.HomeStack;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What a service's task role in a home template allows. */
public final class TaskRoleGrants {

  private TaskRoleGrants() {}

  /** The actions the Allow statements of the service's task role grant. */
  @SuppressWarnings("unchecked")
  public static Set<String> of(Map<String, Object> template, SnaplifeService service) {
    Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
    Map<String, Object> role = (Map<String, Object>) resources.get(HomeStack.taskRole(service));
    Map<String, Object> properties = (Map<String, Object>) role.get("Properties");
    Set<String> granted = new TreeSet<>();
    for (Object policy : (List<Object>) properties.get("Policies")) {
      Map<String, Object> document =
          (Map<String, Object>) ((Map<String, Object>) policy).get("PolicyDocument");
      for (Object s : (List<Object>) document.get("Statement")) {
        Map<String, Object> statement = (Map<String, Object>) s;
        if (statement.get("Effect").equals("Allow")) {
          Object action = statement.get("Action");
          if (action instanceof String one) {
            granted.add(one);
          } else {
            granted.addAll((List<String>) action);
          }
        }
      }
    }
    return granted;
  }
}
