package dev.snaplife.export;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Exports snapshots to S3 and catalogues them with Glue for Athena (seed 000). */
@SpringBootApplication
public class ExportServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ExportServiceApplication.class, args);
  }
}
