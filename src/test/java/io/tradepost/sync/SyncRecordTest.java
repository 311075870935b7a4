package io.tradepost.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncRecordTest {

  @Test
  void theHashIgnoresTheOrderFieldsArrivedIn() {
    var a = new LinkedHashMap<String, Object>();
    a.put("userId", 1);
    a.put("extra", Map.of("b", 2, "a", 1));
    var b = new LinkedHashMap<String, Object>();
    b.put("extra", Map.of("a", 1, "b", 2));
    b.put("userId", 1);

    assertThat(SyncRecord.of("1", "t", "b", a).hash()).isEqualTo(SyncRecord.of("1", "t", "b", b).hash());
  }

  @Test
  void anyChangedFieldChangesTheHash() {
    var base = SyncRecord.of("1", "title", "body", Map.of("userId", 1));

    assertThat(SyncRecord.of("1", "title!", "body", Map.of("userId", 1)).hash()).isNotEqualTo(base.hash());
    assertThat(SyncRecord.of("1", "title", "body", Map.of("userId", 2)).hash()).isNotEqualTo(base.hash());
    assertThat(base.hash()).hasSize(64);
  }
}
