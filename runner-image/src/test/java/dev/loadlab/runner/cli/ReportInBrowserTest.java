package dev.loadlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.results.record.RunRecord;
import dev.loadlab.results.record.RunRecordCodec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README's local report, as a user makes it ({@code loadlab run examples/llm-cost.yaml --report}), opened in a real
 * browser: Debian's headless Chromium. A probe added to a copy of the page collects script errors, blocked requests
 * and every request the page made, and whether each chart's canvas has pixels; a screenshot of each section is kept
 * under target/report-screenshots/ for people to look at.
 */
class ReportInBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHOTS = Path.of("target", "report-screenshots");
  private static final String PROBE = """
      <script>
      window.__probe = {errors: [], blocked: []};
      window.addEventListener("error", function (e) { __probe.errors.push("error: " + e.message); });
      document.addEventListener("securitypolicyviolation", function (e) { __probe.blocked.push(e.blockedURI); });
      (function (original) {
        console.error = function () { __probe.errors.push("console.error: " + Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); };
      })(console.error);
      window.addEventListener("load", function () {
        setTimeout(function () {
          var canvases = Array.prototype.slice.call(document.querySelectorAll(".chart canvas"));
          var blank = canvases.filter(function (c) {
            var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
            for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { return false; } }
            return true;
          }).length;
          var out = {errors: __probe.errors, blocked: __probe.blocked, canvases: canvases.length, blank: blank,
            charts: document.querySelectorAll(".chart").length, over: document.querySelectorAll("td.over").length, emptyCharts: document.querySelectorAll(".chart .empty").length,
            requests: performance.getEntriesByType("resource").map(function (r) { return r.name; }),
            height: document.documentElement.scrollHeight, sections: {}};
          document.querySelectorAll("section").forEach(function (s) {
            var r = s.getBoundingClientRect();
            out.sections[s.id] = {top: Math.round(r.top + window.scrollY), height: Math.round(r.height), text: s.textContent.length};
          });
          var pre = document.createElement("pre");
          pre.id = "probe";
          pre.textContent = JSON.stringify(out);
          document.body.appendChild(pre);
        }, 300);
      });
      </script>
      """;

  @Test
  void theReportOfARealRunDrawsEveryChartOfflineInChromium() throws Exception {
    String chromium = chromium();
    Files.createDirectories(SHOTS);
    Path dir = Files.createTempDirectory("loadlab-report");
    Path record = dir.resolve("run.json.gz");
    Path report = dir.resolve("report.html");

    String output = loadlab(dir, "run", "--quiet", "--duration", "12s", "--record", record.toString(), "--report",
        report.toString(), Path.of("../examples/llm-cost.yaml").toAbsolutePath().toString());

    assertThat(output).contains("report: file://", "run record: " + record);
    RunRecord r = RunRecordCodec.read(Files.readAllBytes(record));
    assertThat(r.totals.requests()).as(output).isPositive().isEqualTo(r.summary.requests);
    String html = Files.readString(report);
    assertThat(html.contains("<script src") || html.contains("<link")).as("the report refers to a script or style file").isFalse();
    assertThat(html.contains("llm_request_cost_usd")).as("the custom metric in the report").isTrue();

    Path probed = dir.resolve("probed.html");
    Files.writeString(probed, html.replaceFirst("<head>", "<head>" + Matcher.quoteReplacement(PROBE)));
    JsonNode probe = probe(chromium, probed);

    assertThat(probe.path("errors")).as("script errors in the page").isEmpty();
    assertThat(probe.path("blocked")).as("requests the page's policy blocked").isEmpty();
    assertThat(probe.path("requests")).as("requests the page made").isEmpty();
    assertThat(probe.path("charts").asInt()).as("charts").isGreaterThanOrEqualTo(12);
    assertThat(probe.path("emptyCharts").asInt()).as("charts without data").isZero();
    assertThat(probe.path("canvases").asInt()).as("chart canvases").isEqualTo(probe.path("charts").asInt());
    assertThat(probe.path("blank").asInt()).as("canvases with no pixel drawn").isZero();
    for (String section : List.of("header", "thresholds", "over-time", "latency", "resources", "checks", "custom", "traces")) {
      assertThat(probe.path("sections").path(section).path("text").asInt()).as("text in section " + section).isGreaterThan(20);
    }
    screenshots(chromium, report, probe);
    assertThat(probe.path("over").asInt()).as("figures marked past their limit in a run that kept up").isZero();

    // the same run judged against a CPU limit it could not meet: the figure is marked, the verdict explained
    var limits = new dev.loadlab.api.loadtest.RunnerHealthLimits();
    limits.maxCpu = "0.001%";
    r.runnerHealth = dev.loadlab.results.health.RunnerSaturation.judge(limits, java.util.Map.of("local",
        r.runners.get(0).health()), dev.loadlab.results.health.RunnerSaturation.Where.LOCAL);
    r.phase = "Inconclusive";
    Path saturated = dir.resolve("probed-saturated.html");
    Files.writeString(saturated, dev.loadlab.report.HtmlReport.render(r).replaceFirst("<head>", "<head>" + Matcher.quoteReplacement(PROBE)));
    JsonNode p3 = probe(chromium, saturated);
    assertThat(p3.path("errors")).as("script errors in the saturated run's report").isEmpty();
    assertThat(p3.path("over").asInt()).as("the CPU figure marked past its limit").isEqualTo(1);

    // the same run compared with itself: every overlay and the table of differences draw, nothing changed
    Path compare = dir.resolve("compare.html");
    String compared = loadlab(dir, "report", "--record", record.toString(), "--compare-record", record.toString(), "-o",
        compare.toString());
    assertThat(compared).contains("compared with run 1");
    Path probedCompare = dir.resolve("probed-compare.html");
    Files.writeString(probedCompare, Files.readString(compare).replaceFirst("<head>", "<head>" + Matcher.quoteReplacement(PROBE)));
    JsonNode p2 = probe(chromium, probedCompare);
    assertThat(p2.path("errors")).as("script errors in the compared report").isEmpty();
    assertThat(p2.path("requests")).isEmpty();
    assertThat(p2.path("blank").asInt()).as("canvases with no pixel drawn").isZero();
    assertThat(p2.path("emptyCharts").asInt()).isZero();
    assertThat(p2.path("sections").path("differences").path("text").asInt()).as("the differences table").isGreaterThan(100);
    assertThat(probe.path("sections").has("differences")).as("no comparison section without a comparison").isFalse();
  }

  @Test
  void aRecordThatIsNotOneIsRefusedByName() throws Exception {
    Path dir = Files.createTempDirectory("loadlab-report");
    Path notARecord = dir.resolve("results.json");
    Files.writeString(notARecord, "{\"format\":\"loadlab.dev/results/v2\"}");
    var err = new java.io.StringWriter();

    int code = LoadlabCommand.commandLine().setErr(new java.io.PrintWriter(err)).execute("report", "--record",
        notARecord.toString(), "-o", dir.resolve("r.html").toString());

    assertThat(code).isEqualTo(LoadlabCommand.EXIT_INVALID);
    assertThat(err.toString()).contains("--record " + notARecord + ": not a run record: format \"loadlab.dev/results/v2\" "
        + "is not loadlab.dev/run/v1");
  }

  /** Runs the CLI as a user would (a process, OPENAI_API_KEY exported for examples/llm-cost.yaml); its output. */
  private static String loadlab(Path dir, String... args) throws Exception {
    var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), LoadlabCommand.class.getName()));
    command.addAll(List.of(args));
    var pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("OPENAI_API_KEY", "demo");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
    // A busy machine may leave the runner saturated (exit 97, Inconclusive): the record and report are written all the
    // same, and they, not the runner's health, are what this test is about (RunCommandTest covers 97 on purpose).
    assertThat(p.exitValue()).as(output).isIn(0, LoadlabCommand.EXIT_INCONCLUSIVE);
    return output;
  }

  private static JsonNode probe(String chromium, Path page) throws Exception {
    String dom = browser(chromium, "--dump-dom", "--virtual-time-budget=10000", "--window-size=1280,1000", page.toUri().toString());
    Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("the probe's answer in the page; Chromium printed:%n%s", dom.length() > 2000 ? dom.substring(0, 2000) : dom).isTrue();
    return JSON.readTree(m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
  }

  /** One screenshot of the whole page, cut into one image per section. */
  private static void screenshots(String chromium, Path report, JsonNode probe) throws Exception {
    int height = Math.min(16_000, probe.path("height").asInt(4000) + 40);
    Path full = SHOTS.resolve("report.png").toAbsolutePath();
    browser(chromium, "--screenshot=" + full, "--hide-scrollbars", "--window-size=1280," + height, report.toUri().toString());
    BufferedImage image = ImageIO.read(full.toFile());
    assertThat(image).as("the screenshot %s", full).isNotNull();
    var sections = probe.path("sections").fields();
    while (sections.hasNext()) {
      var s = sections.next();
      int top = Math.max(0, s.getValue().path("top").asInt());
      int h = Math.min(s.getValue().path("height").asInt(), image.getHeight() - top);
      if (h > 0) {
        ImageIO.write(image.getSubimage(0, top, image.getWidth(), h), "png", SHOTS.resolve(s.getKey() + ".png").toFile());
      }
    }
  }

  private static String browser(String chromium, String... args) throws IOException, InterruptedException {
    var command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-extensions", "--user-data-dir=" + Files.createTempDirectory("chromium")));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return out;
  }

  /** Debian's chromium; CI installs it (.ci/run), elsewhere the test is skipped with the reason. */
  private static String chromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    if (System.getenv("CI") != null) {
      throw new AssertionError("chromium is not installed: .ci/run installs Debian's chromium for this test");
    }
    Assumptions.abort("chromium is not installed (apt-get install chromium); the report's browser test is skipped");
    return null;
  }
}
