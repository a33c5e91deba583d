package dev.loadlab.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.results.record.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run record as one self-contained HTML file: uPlot's script and style, the report's own script and style and the
 * data are inlined, and the page's Content-Security-Policy forbids every request, so it works offline from
 * {@code file://}, attached to a ticket or in an archive. docs/results.md shows its sections.
 */
public final class HtmlReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("__(TITLE|UPLOT_CSS|REPORT_CSS|DATA|REPORT_JS|UPLOT_JS)__");
  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private HtmlReport() {
  }

  public static String render(RunRecord record) {
    return render(record, null);
  }

  /** The report of {@code record} compared with {@code other} (null: alone): overlaid charts and a table of differences. */
  public static String render(RunRecord record, RunRecord other) {
    String data;
    try {
      data = JSON.writeValueAsString(ReportModel.of(record, other));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report's data: " + e.getMessage(), e);
    }
    String title = "loadlab · " + (record.namespace.isEmpty() ? "" : record.namespace + "/") + record.name + " run "
        + record.run + " · " + record.phase + (other == null ? "" : " · compared with run " + other.run);
    Map<String, String> parts = Map.of(
        "TITLE", escapeHtml(title),
        "UPLOT_CSS", resource(UPLOT + "uPlot.min.css"),
        "REPORT_CSS", resource("dev/loadlab/report/report.css"),
        "DATA", scriptSafe(data),
        "REPORT_JS", scriptSafe(resource("dev/loadlab/report/report.js")),
        "UPLOT_JS", scriptSafe(resource(UPLOT + "uPlot.iife.min.js")));
    // One pass over the template: a part's own text (a trace body, say) is never taken for a placeholder.
    Matcher m = PLACEHOLDER.matcher(resource("dev/loadlab/report/report.html"));
    var out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(parts.get(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Text inside a script element: "</" would end it early (a trace body may hold "</script>"). */
  static String scriptSafe(String text) {
    return text.replace("</", "<\\/").replace("<!--", "<\\!--");
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String resource(String path) {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the classpath: the report cannot be rendered");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
