/**
 * API keys (only a hash of each secret is stored), the scope every route declares, protected mode,
 * rate limits, the audit trail and the jar's {@code keys} command. Owns the tables {@code api_keys}
 * and {@code audit_events}.
 */
@ApplicationModule(allowedDependencies = "platform")
package io.tradepost.security;

import org.springframework.modulith.ApplicationModule;
