package dev.snaplife.snapshot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Takes, tracks and expires RDS and Aurora snapshots (seeds 002, 003, 004). */
@SpringBootApplication
public class SnapshotServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(SnapshotServiceApplication.class, args);
  }
}
