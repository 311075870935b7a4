/** Orders against limited stock: placement, idempotency keys, lifecycle. */
@ApplicationModule(allowedDependencies = {"catalog", "ledger", "platform"})
package io.tradepost.orders;

import org.springframework.modulith.ApplicationModule;
