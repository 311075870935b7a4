/** Products, their stock and the stock reservation API. */
@ApplicationModule(allowedDependencies = {"platform"})
package io.tradepost.catalog;

import org.springframework.modulith.ApplicationModule;
