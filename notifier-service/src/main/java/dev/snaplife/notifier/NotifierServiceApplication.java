package dev.snaplife.notifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Fans outcomes out to SNS topics, with per-run digests (seeds 004, 000, 001). */
@SpringBootApplication
public class NotifierServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(NotifierServiceApplication.class, args);
  }
}
