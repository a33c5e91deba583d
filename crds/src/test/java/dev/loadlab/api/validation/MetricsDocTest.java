package dev.loadlab.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/metrics.md and BuiltInMetric, the table every component takes the built-in series names from, agree. */
class MetricsDocTest {
  @Test
  void everyExportedBuiltInIsDocumentedAndEveryDocumentedSeriesIsOne() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
    String builtIns = doc.substring(doc.indexOf("## Built-in metrics"), doc.indexOf("## User metrics"));
    var exported = Arrays.stream(BuiltInMetric.values()).map(BuiltInMetric::prometheusSeries).filter(Objects::nonNull).toList();
    for (String series : exported) {
      assertThat(builtIns).as(series + " in docs/metrics.md's built-in table").contains("`" + series + "`");
    }
    var named = Pattern.compile("`(loadlab_[a-z_]+)`").matcher(builtIns);
    while (named.find()) {
      String series = named.group(1);
      assertThat(exported.contains(series) || series.startsWith("loadlab_runner_"))
          .as(series + " is documented as a built-in but BuiltInMetric does not export it (runner health aside)").isTrue();
    }
  }
}
