package dev.snaplife.deploy;

import dev.snaplife.contracts.routing.ResourceNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An environment's templates by file name. */
public final class Templates {

  private Templates() {}

  public static Map<String, String> of(ResourceNames names) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(homeFile(names), new HomeStack(names).template().toJson());
    files.put(destinationFile(names), new DestinationStack(names).template().toJson());
    return files;
  }

  public static String homeFile(ResourceNames names) {
    return names.environment() + "-home.json";
  }

  public static String destinationFile(ResourceNames names) {
    return names.environment() + "-destination.json";
  }

  static List<Path> write(ResourceNames names, Path directory) throws IOException {
    List<Path> written = new java.util.ArrayList<>();
    for (Map.Entry<String, String> file : of(names).entrySet()) {
      written.add(Files.writeString(directory.resolve(file.getKey()), file.getValue()));
    }
    return written;
  }
}
