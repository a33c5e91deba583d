package dev.loadlab.bench;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * The workloads of bench/peers.sh in Gatling's Java DSL, picked by system properties: {@code peer.url},
 * {@code peer.mode} (closed: {@code peer.users} looping GET for {@code peer.seconds}; rate: {@code peer.rate} GETs per
 * second, open model; think: {@code peer.users} each doing GET then a 1 s pause), {@code peer.seconds}.
 */
public final class GatlingPeer extends Simulation {
  public GatlingPeer() {
    String url = System.getProperty("peer.url");
    String mode = System.getProperty("peer.mode", "closed");
    int seconds = Integer.getInteger("peer.seconds", 20);
    int users = Integer.getInteger("peer.users", 50);
    var protocol = http.baseUrl(url).shareConnections().disableCaching().disableWarmUp();
    ChainBuilder get = CoreDsl.exec(http("get").get("/"));
    switch (mode) {
      case "closed" -> setUp(scenario("closed").forever().on(get)
          .injectClosed(constantConcurrentUsers(users).during(Duration.ofSeconds(seconds))))
          .protocols(http.baseUrl(url).disableCaching().disableWarmUp())
          .maxDuration(Duration.ofSeconds(seconds));
      case "rate" -> setUp(scenario("rate").exec(get)
          .injectOpen(constantUsersPerSec(Integer.getInteger("peer.rate", 1000)).during(Duration.ofSeconds(seconds))))
          .protocols(protocol);
      case "think" -> setUp(scenario("think").forever().on(get.pause(Duration.ofSeconds(1)))
          .injectClosed(constantConcurrentUsers(users).during(Duration.ofSeconds(seconds))))
          .protocols(http.baseUrl(url).disableCaching().disableWarmUp())
          .maxDuration(Duration.ofSeconds(seconds));
      default -> throw new IllegalArgumentException("peer.mode: closed, rate or think, not " + mode);
    }
  }
}
