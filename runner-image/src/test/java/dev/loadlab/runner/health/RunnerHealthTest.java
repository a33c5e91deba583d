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
      assertThat(f.path("cores").asDouble()).as("one loop: at most one core").isLessThanOrEqualTo(1.0).isPositive();
      assertThat(f.path("loops").asInt()).isEqualTo(1);
      assertThat(f.path("cpu").path("avg").asDouble()).isBetween(0.0, 1.0);
      assertThat(f.has("gcPauseMs")).isTrue();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void aLoopThatComputesShowsItsCpuAndOneThatSleepsDoesNot() throws Exception {
    var group = new NioEventLoopGroup(2);
    try (var health = new RunnerHealth(2)) {
      EventLoop busy = group.next();
      EventLoop idle = group.next();
      health.start(List.of(busy, idle));
      // one loop spins for 600 ms of its own CPU; the other only sleeps (waiting costs no CPU)
      busy.submit(() -> {
        long until = System.nanoTime() + 600_000_000L;
        long x = 0;
        while (System.nanoTime() < until) {
          x += until ^ x;
        }
        return x;
      });
      idle.submit(() -> {
        Thread.sleep(600);
        return null;
      }).get(5, TimeUnit.SECONDS);
      Thread.sleep(400);
      health.stop();
      JsonNode f = health.figures();
      // 600 ms of CPU over ~1 s of two loops' capacity: well above the idle case, whatever else the machine does
      double avg = f.path("cpu").path("avg").asDouble();
      assertThat(f.path("cores").asDouble()).isEqualTo(2.0);
      assertThat(avg).as("CPU of the loops' threads over 2 cores").isGreaterThan(0.1).isLessThanOrEqualTo(1.0);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
