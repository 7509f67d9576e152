package dev.snaplife.platform.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused configuration into Spring Boot's start-up failure report: each property and its
 * problem first and alone, then what to do; the stack trace only at debug level.
 */
class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<SnaplifeConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, SnaplifeConfigurationException cause) {
    StringBuilder description = new StringBuilder("Snaplife configuration refused:\n");
    cause.problems().forEach(p -> description.append("\n  ").append(p));
    return new FailureAnalysis(
        description.toString(),
        "Fix the properties above (application.yaml, a profile, or SNAPLIFE_* environment"
            + " variables; README.md lists them), or provision the environment the service points"
            + " at, and start the service again.",
        cause);
  }
}
