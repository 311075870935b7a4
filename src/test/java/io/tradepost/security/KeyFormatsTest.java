package io.tradepost.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeyFormatsTest {

  @Test
  void aKeyIsItsIdAndAStoredHashOfItsSecret() {
    var secrets = new KeySecrets("");
    var issued = secrets.issue();

    var presented = KeySecrets.parse(issued.key()).orElseThrow();

    assertThat(issued.key()).startsWith("tp_" + issued.id() + "_").hasSizeGreaterThanOrEqualTo(3 + 8 + 1 + 43);
    assertThat(presented.id()).isEqualTo(issued.id());
    assertThat(issued.secretHash()).hasSize(64).doesNotContain(presented.secret());
    assertThat(secrets.matches(presented.secret(), issued.secretHash())).isTrue();
    assertThat(secrets.matches(presented.secret() + "x", issued.secretHash())).isFalse();
    assertThat(new KeySecrets("pepper").matches(presented.secret(), issued.secretHash())).isFalse();
    assertThat(KeySecrets.idOf(issued.key())).hasValue(issued.id());
    assertThat(KeySecrets.idOf(issued.id())).hasValue(issued.id());
  }

  @Test
  void somethingElseIsNoKey() {
    assertThat(KeySecrets.parse("tp_short")).isEmpty();
    assertThat(KeySecrets.parse("tp_ABCDEFGH_secret")).isEmpty();
    assertThat(KeySecrets.parse("sk_abcdefgh_secret")).isEmpty();
    assertThat(KeySecrets.parse(null)).isEmpty();
  }

  @Test
  void aRateIsPermitsPerPeriodWithABurst() {
    assertThat(Rate.parse("50/s", 0)).isEqualTo(new Rate(50, Duration.ofSeconds(1), 50));
    assertThat(Rate.parse("3000/m", 100).perSecond()).isEqualTo(50.0);
    assertThat(Rate.parse("100/h", 0).text()).isEqualTo("100/h");
    assertThatThrownBy(() -> Rate.parse("0/s", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rate.parse("50/d", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rate.parse("50/s", -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
