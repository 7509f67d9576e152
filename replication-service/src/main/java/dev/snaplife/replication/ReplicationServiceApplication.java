package dev.snaplife.replication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Shares snapshots and copies them to the disaster-recovery account and region (seeds 002, 003).
 */
@SpringBootApplication
public class ReplicationServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ReplicationServiceApplication.class, args);
  }
}
