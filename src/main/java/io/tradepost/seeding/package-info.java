/** The seed command: fills a database with products, orders and ledger transactions. */
@Tables(fills = {"products", "orders", "ledger_transactions"})
@ApplicationModule(allowedDependencies = {"catalog", "orders", "ledger", "platform"})
package io.tradepost.seeding;

import io.tradepost.platform.Tables;
import org.springframework.modulith.ApplicationModule;
