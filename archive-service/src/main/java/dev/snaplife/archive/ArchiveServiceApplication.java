package dev.snaplife.archive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Dumps databases and archives them to S3 Glacier with a DynamoDB journal (seed 001). */
@SpringBootApplication
public class ArchiveServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ArchiveServiceApplication.class, args);
  }
}
