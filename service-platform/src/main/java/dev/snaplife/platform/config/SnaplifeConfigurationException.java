package dev.snaplife.platform.config;

import java.util.List;

/**
 * The service's configuration, or the environment it points at, cannot work: refused at start-up,
 * naming each property and what is wrong with it. {@link ConfigurationFailureAnalyzer} prints it on
 * its own, instead of under a stack trace.
 */
public class SnaplifeConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** One or more problems, each "property: what is wrong". */
  public SnaplifeConfigurationException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public SnaplifeConfigurationException(String property, String problem) {
    this(List.of(property + ": " + problem));
  }

  public List<String> problems() {
    return problems;
  }
}
