package dev.loadlab.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceLabelTest {

  @Test
  void theLabelIsTheMethodAndThePathWithoutQueryOrFragment() {
    assertThat(ResourceLabel.of("GET", "http://shop:8080/products/1?page=2#top", false)).isEqualTo("GET /products/1");
    assertThat(ResourceLabel.of("GET", "http://shop:8080/products/1#top", false)).isEqualTo("GET /products/1");
    assertThat(ResourceLabel.of("POST", "https://shop/cart?x=/y", false)).isEqualTo("POST /cart");
  }

  @Test
  void aUrlWithoutPathIsLabelledSlash() {
    assertThat(ResourceLabel.of("GET", "http://shop", false)).isEqualTo("GET /");
    assertThat(ResourceLabel.of("GET", "http://shop?q=1", false)).isEqualTo("GET /");
    assertThat(ResourceLabel.of("GET", "http://shop#a", true)).isEqualTo("GET shop/");
  }

  @Test
  void theHostJoinsWithoutUserInfo() {
    assertThat(ResourceLabel.of("GET", "http://alice:secret@shop:8080/a", true)).isEqualTo("GET shop:8080/a");
    assertThat(ResourceLabel.of("GET", "http://[::1]:9000/a", true)).isEqualTo("GET [::1]:9000/a");
    assertThat(ResourceLabel.authority("https://bob@api.example.com/v1")).isEqualTo("api.example.com");
  }

  @Test
  void aTemplatedOrMissingHostHasNoAuthority() {
    assertThat(ResourceLabel.authority("http://${env.HOST}/a")).isNull();
    assertThat(ResourceLabel.authority("/relative/path")).isNull();
    assertThat(ResourceLabel.path("/relative/path?q=1")).isEqualTo("/relative/path");
    // "://" in a query is not a scheme's
    assertThat(ResourceLabel.path("/go?to=http://other/x")).isEqualTo("/go");
  }
}
