package io.tradepost.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProductIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "Z", "0", "9", "sku-123", "A.b_c-d", "1234567890123456789012345678901234567890123456789012345678901234"})
  void idsOfOneTo64AllowedCharactersAreValid(String id) {
    assertThat(ProductIds.isValid(id)).isTrue();
  }

  /** The characters just outside each allowed range, and other usual suspects. */
  @ParameterizedTest
  @ValueSource(strings = {"", "/", ":", "@", "[", "`", "{", "a b", "a+b", "a,b", "caf\u00e9", "a\u0000",
      "12345678901234567890123456789012345678901234567890123456789012345"})
  void anythingElseIsNot(String id) {
    assertThat(ProductIds.isValid(id)).isFalse();
  }
}
