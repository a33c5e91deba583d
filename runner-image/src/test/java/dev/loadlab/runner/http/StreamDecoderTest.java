package dev.loadlab.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamDecoderTest {
  private final List<String> events = new ArrayList<>();

  private StreamDecoder.Sink sink(int stopAfter) {
    return (type, data) -> {
      events.add(type + "|" + data);
      return events.size() < stopAfter;
    };
  }

  @Test
  void serverSentEventsSplitAnywhereComeOutWhole() {
    String text = ": keep-alive\n\ndata: {\"a\":1}\n\nevent: usage\ndata: first line\r\ndata:second\r\n\r\nid: 7\nretry: 10\n"
        + "data: größe €\n\ndata: [DONE]\n\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    // every cut, including inside "data:", between CR and LF, and inside the two-byte ö and three-byte €
    for (int cut = 1; cut < bytes.length; cut++) {
      events.clear();
      var d = new StreamDecoder(true);
      d.feed(Unpooled.wrappedBuffer(bytes, 0, cut), sink(Integer.MAX_VALUE));
      d.feed(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut), sink(Integer.MAX_VALUE));
      d.finish(sink(Integer.MAX_VALUE));
      assertThat(events).as("cut at " + cut).containsExactly("message|{\"a\":1}", "usage|first line\nsecond",
          "message|größe €", "message|[DONE]");
    }
  }

  @Test
  void aLastEventWithoutItsBlankLineStillCountsAtTheEnd() {
    var d = new StreamDecoder(true);
    d.feed(Unpooled.copiedBuffer("data: a\n\ndata: b", StandardCharsets.UTF_8), sink(10));
    assertThat(events).containsExactly("message|a");
    d.finish(sink(10));
    assertThat(events).containsExactly("message|a", "message|b");
  }

  @Test
  void linesAreOneEventEachAndBlankOnesAreSkipped() {
    var d = new StreamDecoder(false);
    d.feed(Unpooled.copiedBuffer("{\"n\":1}\n\n{\"n\":2}\r\n{\"n\"", StandardCharsets.UTF_8), sink(10));
    d.feed(Unpooled.copiedBuffer(":3}", StandardCharsets.UTF_8), sink(10));
    d.finish(sink(10));
    assertThat(events).containsExactly("line|{\"n\":1}", "line|{\"n\":2}", "line|{\"n\":3}");
  }

  @Test
  void theSinkStopsTheStreamMidChunk() {
    var d = new StreamDecoder(true);
    boolean more = d.feed(Unpooled.copiedBuffer("data: 1\n\ndata: 2\n\ndata: 3\n\n", StandardCharsets.UTF_8), sink(2));
    assertThat(more).isFalse();
    assertThat(events).containsExactly("message|1", "message|2");
  }
}
