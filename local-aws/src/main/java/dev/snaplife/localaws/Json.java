package dev.snaplife.localaws;

import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper for policies and patterns written here. */
final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }
}
