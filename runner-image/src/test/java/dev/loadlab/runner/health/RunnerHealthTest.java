package dev.loadlab.runner.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunnerHealthTest {
  @Test
  void aBlockedEventLoopShowsAsLag() throws Exception {
    var group = new NioEventLoopGroup(1);
    try (var health = new RunnerHealth()) {
      EventLoop loop = group.next();
      health.start(List.of(loop));
      Thread.sleep(300);
      // the loop's own work holds it for 400 ms: its timer fires that late (a busy machine only adds to it)
      loop.submit(() -> {
        try {
          Thread.sleep(400);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }).get(5, TimeUnit.SECONDS);
      Thread.sleep(300);
      health.stop();

      JsonNode f = health.figures();
      assertThat(f.path("eventLoopLagMs").path("max").asDouble()).as("max lag, ms").isGreaterThanOrEqualTo(300);
      assertThat(f.path("eventLoopLagMs").path("ticks").asLong()).as("timer ticks").isPositive();
      assertThat(f.path("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
      assertThat(f.path("cpu").path("avg").asDouble()).isBetween(0.0, 1.0);
      assertThat(f.has("gcPauseMs")).isTrue();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
