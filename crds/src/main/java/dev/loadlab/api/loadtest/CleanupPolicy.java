package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonValue;

public enum CleanupPolicy {
  ALWAYS("always"), ON_SUCCESS("onSuccess"), ON_FAILURE("onFailure"), NEVER("never");

  private final String id;

  CleanupPolicy(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }
}
