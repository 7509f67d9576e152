package dev.snaplife.platform.config;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every Snaplife service shares, added below everything else so any service, profile or
 * environment variable can still override them: written once here instead of in five YAML files.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

  static final Map<String, Object> DEFAULTS =
      Map.of(
          "management.endpoints.web.exposure.include", "health,info,metrics",
          "management.endpoint.health.show-details", "always",
          "management.endpoint.health.probes.enabled", "true",
          "spring.cloud.aws.region.static", "${AWS_REGION:us-east-1}",
          "spring.lifecycle.timeout-per-shutdown-phase", "40s",
          "server.shutdown", "graceful",
          // The web server only answers health and metrics probes: Tomcat's 200 threads by
          // default would be memory for nothing.
          "server.tomcat.threads.max", "8",
          "server.tomcat.threads.min-spare", "1");

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment
        .getPropertySources()
        .addLast(new MapPropertySource("snaplifePlatformDefaults", DEFAULTS));
  }
}
