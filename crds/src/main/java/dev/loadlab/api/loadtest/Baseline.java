package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Which earlier run a threshold compares with (its stored run record). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Baseline {
  @JsonPropertyDescription("lastPassed (the latest run that ended Succeeded), previous (the run before this one) or a "
      + "run number. Default lastPassed.")
  @Pattern("^(lastPassed|previous|[1-9][0-9]*)$")
  public String run;

  @JsonPropertyDescription("Another LoadTest in this namespace whose run to compare with. Default: this LoadTest.")
  @Size(min = 1, max = 253)
  public String loadTest;
}
