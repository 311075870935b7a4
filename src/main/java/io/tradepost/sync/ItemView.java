package io.tradepost.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** One stored item as the API shows it; {@code attributes} is the source-specific JSON object. */
record ItemView(
    long id,
    String source,
    String externalId,
    String title,
    String body,
    @JsonRawValue @io.swagger.v3.oas.annotations.media.Schema(types = {"object", "null"}) String attributes,
    Instant createdAt,
    Instant updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant removedAt) implements Serializable {

  /** A page of items and how many match in all; cached as it is, an empty page included. */
  record Page(List<ItemView> items, long total) implements Serializable {}
}
