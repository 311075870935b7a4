package io.tradepost.security;

import java.time.Instant;

/**
 * One acknowledged write: which key made it, from where, when, and what it changed.
 *
 * @param route the route's pattern ({@code /api/v1/products/{id}})
 * @param resourceId what it changed (a product, order or job id), when the route names one
 */
record AuditRecord(Instant at, String keyId, String address, String method, String route, String resourceId,
    int status) {}
