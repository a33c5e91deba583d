package dev.loadlab.api.loadtest;

public enum HttpMethod {
  GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS
}
