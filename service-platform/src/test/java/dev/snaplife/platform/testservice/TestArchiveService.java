package dev.snaplife.platform.testservice;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A minimal service on the platform, standing in as archive-service (its one routed type is
 * ArchiveRequested), so the platform is tested with the real listener container.
 */
@SpringBootApplication
public class TestArchiveService {}
