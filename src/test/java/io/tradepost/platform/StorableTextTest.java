package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StorableTextTest {

  @Test
  void nulAndUnpairedSurrogatesAreNotStorable() {
    assertThat(StorableText.isStorable("a\u0000b")).isFalse();
    assertThat(StorableText.isStorable("a\ud800b")).isFalse();
    assertThat(StorableText.isStorable("\udc00")).isFalse();
    assertThat(StorableText.isStorable("end\ud83d")).isFalse();
  }

  @Test
  void anyOtherTextIsStorable() {
    assertThat(StorableText.isStorable("")).isTrue();
    assertThat(StorableText.isStorable("Lampe à poser \ud83d\ude00 ünïcödé")).isTrue();
    assertThat(StorableText.isStorable("tab\tand newline\n")).isTrue();
  }

  @Test
  void everyBadValueOfADocumentIsNamed() {
    var json = JsonMapper.builder().build().readTree("""
        [{"name":"ok","params":{"cities":["Jakarta","a\\u0000b"]}},{"name":"\\ud800"}]""");
    var check = new InvalidInput.Check();

    StorableText.check(json, "", check);

    assertThat(check.errors()).extracting(DomainException.FieldError::field)
        .containsExactly("[0].params.cities[1]", "[1].name");
  }
}
