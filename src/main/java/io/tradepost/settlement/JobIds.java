package io.tradepost.settlement;

import io.tradepost.platform.InvalidInput;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Job ids are {@code job_<uuid>}; anything else is refused before it reaches a query or a path. */
final class JobIds {

  private static final Pattern ID =
      Pattern.compile("job_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private JobIds() {}

  static String of(UUID uuid) {
    return "job_" + uuid;
  }

  static UUID uuid(String jobId) {
    return UUID.fromString(jobId.substring("job_".length()));
  }

  /** @throws InvalidInput 400 when {@code id} is not a job id */
  static String checked(String id, String field) {
    var lower = id.toLowerCase(Locale.ROOT);
    if (!ID.matcher(lower).matches()) {
      throw InvalidInput.field(field, "must be a job id: job_ followed by a UUID");
    }
    return lower;
  }
}
