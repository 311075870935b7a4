/**
 * API keys (only a hash of each secret is stored), the scope every route declares, protected mode,
 * rate limits, the audit trail and the jar's {@code keys} command.
 */
@Tables(owns = {"api_keys", "audit_events"})
@ApplicationModule(allowedDependencies = "platform")
package io.tradepost.security;

import io.tradepost.platform.Tables;
import org.springframework.modulith.ApplicationModule;
