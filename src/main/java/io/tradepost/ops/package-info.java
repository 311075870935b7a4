/**
 * The operators' dashboard at {@code /ops} and its live stream ({@code /ops/stream}): reads every
 * module's public API and acts only through it. Owns no tables: what it shows of the cluster comes from
 * the other modules' tables, its charts of the last hour from a small buffer in memory.
 */
@Tables
@ApplicationModule(allowedDependencies = {"platform", "catalog", "orders", "settlement", "sync", "security"})
package io.tradepost.ops;

import io.tradepost.platform.Tables;
import org.springframework.modulith.ApplicationModule;
