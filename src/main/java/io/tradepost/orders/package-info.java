/** Orders against limited stock: placement, idempotency keys, lifecycle. */
@Tables(owns = {"orders", "idempotency_keys"}, reads = "products")
@ApplicationModule(allowedDependencies = {"catalog", "ledger", "platform"})
package io.tradepost.orders;

import io.tradepost.platform.Tables;
import org.springframework.modulith.ApplicationModule;
